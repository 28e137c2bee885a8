-- The producer's sequence of the catalog state each replica row holds (0: from before catalog events carried one).
ALTER TABLE catalog_product ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
