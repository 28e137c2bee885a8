-- The W3C trace context of the span that opened each intent (the order event that asked for it): the provider call
-- and the event recording its answer continue that order's trace. NULL when tracing was off.
ALTER TABLE payment_intent ADD COLUMN trace_parent VARCHAR(55), ADD COLUMN trace_state VARCHAR(512);
