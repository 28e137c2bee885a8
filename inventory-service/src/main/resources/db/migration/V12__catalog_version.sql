-- The product's own sequence for the catalog: raised under the row lock by every announcement, so a replica applies
-- an announcement only when it is newer than what it holds, whatever order or clock the events carry.
ALTER TABLE product ADD COLUMN catalog_version BIGINT NOT NULL DEFAULT 0;
