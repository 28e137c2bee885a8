-- The trace an order belongs to: the W3C context of the request that placed it. Work done on the order later by a
-- sweep (a timeout, a re-announcement) continues it, so an order's whole flow is one trace. NULL when tracing was off.
ALTER TABLE orders ADD COLUMN trace_parent VARCHAR(55), ADD COLUMN trace_state VARCHAR(512);
-- The trace of the span that recorded each step: one click from a step to its place in the order's trace.
ALTER TABLE order_timeline ADD COLUMN trace_id VARCHAR(32);
