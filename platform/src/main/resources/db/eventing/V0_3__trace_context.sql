-- The W3C trace context of the span an event was written in: the relay's send continues that trace, and the event
-- carries it on as the CloudEvents distributed-tracing extension. NULL when tracing was off.
ALTER TABLE outbox_event ADD COLUMN trace_parent VARCHAR(55), ADD COLUMN trace_state VARCHAR(512);
ALTER TABLE outbox_quarantine ADD COLUMN trace_parent VARCHAR(55), ADD COLUMN trace_state VARCHAR(512);
