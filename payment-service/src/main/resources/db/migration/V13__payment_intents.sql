-- Every external effect of a payment (authorize, capture, void) is an intent, committed before the provider is
-- called. Its id is derived from the order and the action and is the idempotency key of every call it makes, so a
-- retry, a crash between call and record or a redelivered event repeats the call, never the effect.
CREATE TABLE payment_intent (
    id              VARCHAR(64)   PRIMARY KEY,
    order_id        UUID          NOT NULL REFERENCES payment (order_id),
    action          VARCHAR(16)   NOT NULL CHECK (action IN ('AUTHORIZE', 'CAPTURE', 'VOID')),
    status          VARCHAR(16)   NOT NULL CHECK (status IN ('OPEN', 'DONE', 'CANCELLED', 'GAVE_UP', 'REFUSED')),
    attempts        INT           NOT NULL DEFAULT 0,
    -- When an OPEN intent is due; while a call runs, the end of its claim's lease.
    next_attempt_at TIMESTAMPTZ,
    -- From a claim until a definitive answer: the provider may have acted on the last call.
    outcome_unknown BOOLEAN       NOT NULL DEFAULT FALSE,
    -- The customer's payment token (a gateway reference, not card data), on an authorization only while it may still
    -- be sent: the request must be repeated identically under its key.
    token           VARCHAR(255),
    last_error      VARCHAR(1000),
    retry_since     TIMESTAMPTZ   NOT NULL,
    created_at      TIMESTAMPTZ   NOT NULL,
    updated_at      TIMESTAMPTZ   NOT NULL,
    UNIQUE (order_id, action)
);
CREATE INDEX payment_intent_due ON payment_intent (next_attempt_at) WHERE status = 'OPEN';
CREATE INDEX payment_intent_waiting ON payment_intent (created_at) WHERE status IN ('OPEN', 'GAVE_UP');

-- Authorizations parked by the former in-process retry worker become intents.
INSERT INTO payment_intent (id, order_id, action, status, attempts, next_attempt_at, token, retry_since, created_at,
                            updated_at)
SELECT order_id || ':authorize', order_id, 'AUTHORIZE', 'OPEN', attempts, COALESCE(next_attempt_at, updated_at),
       retry_token, updated_at, created_at, updated_at
FROM payment WHERE status = 'PENDING';

ALTER TABLE payment DROP COLUMN retry_token, DROP COLUMN attempts, DROP COLUMN next_attempt_at;

-- What order-service decided, learned from order.confirmed / order.rejected: reconciliation captures or voids to
-- match it.
ALTER TABLE payment ADD COLUMN order_decision VARCHAR(16) CHECK (order_decision IN ('CONFIRMED', 'REJECTED')),
                    ADD COLUMN decision_detail VARCHAR(255);
CREATE INDEX payment_authorized_decided ON payment (order_id) WHERE status = 'AUTHORIZED';

-- One row per reconciliation run, whatever triggered it.
CREATE TABLE payment_reconciliation (
    id             BIGSERIAL    PRIMARY KEY,
    trigger        VARCHAR(16)  NOT NULL CHECK (trigger IN ('SCHEDULE', 'PING', 'OPERATOR')),
    started_at     TIMESTAMPTZ  NOT NULL,
    finished_at    TIMESTAMPTZ  NOT NULL,
    examined       INT          NOT NULL,
    captures       INT          NOT NULL,
    voids          INT          NOT NULL,
    authorizations INT          NOT NULL,
    undecided      INT          NOT NULL
);
CREATE INDEX payment_reconciliation_started ON payment_reconciliation (started_at);
