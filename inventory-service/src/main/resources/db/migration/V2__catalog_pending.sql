-- Stock movements mark the product instead of announcing it at once: the announcer publishes each marked product's
-- latest state on a short timer, so a busy SKU costs one catalog event per interval instead of one per reservation.
ALTER TABLE product ADD COLUMN catalog_pending BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX product_catalog_pending ON product (sku) WHERE catalog_pending;
