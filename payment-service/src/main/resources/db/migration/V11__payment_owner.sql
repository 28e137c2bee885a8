-- The subject of the customer whose order this payment belongs to, learnt from the order events: only they and an
-- admin may read the payment. NULL until an order event named them; such a payment is visible to admins only.
ALTER TABLE payment ADD COLUMN customer_id VARCHAR(255);
