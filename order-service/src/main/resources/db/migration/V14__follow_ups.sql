-- A decided order's follow-ups (payment captured or voided, stock committed or released, the e-mail sent) are
-- checked once follow_up_due_at passes; while some are missing, the decision is announced again with growing pauses.
-- NULL: nothing left to check.
ALTER TABLE orders ADD COLUMN follow_up_due_at TIMESTAMPTZ;
ALTER TABLE orders ADD COLUMN reannouncements INT NOT NULL DEFAULT 0 CHECK (reannouncements >= 0);
CREATE INDEX orders_follow_up_due ON orders (follow_up_due_at) WHERE follow_up_due_at IS NOT NULL;
