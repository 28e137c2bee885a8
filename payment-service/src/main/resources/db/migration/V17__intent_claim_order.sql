-- Claims take due authorizations first, then due settlements, each kind oldest first. With one index over every open
-- intent a claim read and sorted all that were due, so its cost grew with the backlog (a slow or absent provider
-- leaves thousands due) while it only ever takes a few. One index per kind, in claim order, lets each claim stop
-- after the rows it takes.
DROP INDEX payment_intent_due;
CREATE INDEX payment_intent_due_authorization ON payment_intent (next_attempt_at)
    WHERE status = 'OPEN' AND action = 'AUTHORIZE';
CREATE INDEX payment_intent_due_settlement ON payment_intent (next_attempt_at)
    WHERE status = 'OPEN' AND action <> 'AUTHORIZE';
