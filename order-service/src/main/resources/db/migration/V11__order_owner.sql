-- An order belongs to the customer who placed it: the subject of their sign-in token. Orders placed before sign-in
-- existed get a subject no token carries, so only an admin sees them.
ALTER TABLE orders ADD COLUMN customer_id VARCHAR(255);
UPDATE orders SET customer_id = 'unowned:' || id WHERE customer_id IS NULL;
ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;
CREATE INDEX orders_customer_created_at ON orders (customer_id, created_at DESC);

-- Idempotency keys are scoped per customer: two customers may use the same key without seeing each other's order.
ALTER TABLE order_idempotency ADD COLUMN customer_id VARCHAR(255);
UPDATE order_idempotency i SET customer_id = o.customer_id FROM orders o WHERE o.id = i.order_id;
UPDATE order_idempotency SET customer_id = 'unowned:' || order_id WHERE customer_id IS NULL;
ALTER TABLE order_idempotency ALTER COLUMN customer_id SET NOT NULL;
ALTER TABLE order_idempotency DROP CONSTRAINT order_idempotency_pkey;
ALTER TABLE order_idempotency ADD PRIMARY KEY (customer_id, idempotency_key);
