-- The subject of the customer whose order the notification is about, from the outcome event: only they and an admin
-- may list it. Notifications recorded before it existed have none and are listed to admins only.
ALTER TABLE notification ADD COLUMN customer_id VARCHAR(255);
CREATE INDEX notification_order ON notification (order_id, customer_id);
