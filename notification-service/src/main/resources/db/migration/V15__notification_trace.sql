-- The W3C trace context of the order event that claimed each notification: a retry by the sweep, and the
-- notification.sent it announces, continue that order's trace. NULL when tracing was off.
ALTER TABLE notification ADD COLUMN trace_parent VARCHAR(55), ADD COLUMN trace_state VARCHAR(512);
