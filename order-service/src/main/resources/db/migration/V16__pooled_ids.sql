-- Timeline entries and order lines take their ids fifty at a time from these sequences (Hibernate's pooled
-- optimizer), so their inserts wait for the flush at commit and go out as one JDBC batch, instead of one immediate
-- insert per row that returns its generated key. A plain insert still gets a free id from the column default.
ALTER SEQUENCE order_timeline_id_seq INCREMENT BY 50;
ALTER SEQUENCE order_item_id_seq INCREMENT BY 50;
