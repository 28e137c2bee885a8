-- History entries take their ids fifty at a time from this sequence (Hibernate's pooled optimizer), so their inserts
-- wait for the flush at commit and go out as one JDBC batch, instead of one immediate insert per row that returns its
-- generated key. A plain insert still gets a free id from the column default.
ALTER SEQUENCE payment_history_id_seq INCREMENT BY 50;
