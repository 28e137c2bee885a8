-- One payment per order, keyed by the order. amount and currency are null only while the order was rejected
-- before this service saw it placed.
CREATE TABLE payment (
    order_id          UUID         PRIMARY KEY,
    payment_id        UUID         NOT NULL UNIQUE,
    status            VARCHAR(16)  NOT NULL
                      CHECK (status IN ('PENDING', 'AUTHORIZED', 'DECLINED', 'CAPTURED', 'VOIDED')),
    amount            BIGINT,
    currency          CHAR(3),
    card_brand        VARCHAR(32),
    last4             VARCHAR(4),
    decline_code      VARCHAR(64),
    gateway_reference VARCHAR(255),
    -- The customer's payment token (a gateway reference, not card data), kept only while an authorization
    -- waits for its next attempt and cleared as soon as the payment is decided.
    retry_token       VARCHAR(255),
    attempts          INT          NOT NULL DEFAULT 0,
    next_attempt_at   TIMESTAMPTZ,
    created_at        TIMESTAMPTZ  NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL
);
CREATE INDEX payment_retry_due ON payment (next_attempt_at) WHERE status = 'PENDING';

-- Everything that happened to an order's payment, ignored requests included. No foreign key on purpose: a capture
-- request for an order this service never saw is recorded too.
CREATE TABLE payment_history (
    id                BIGSERIAL    PRIMARY KEY,
    order_id          UUID         NOT NULL,
    action            VARCHAR(32)  NOT NULL,
    status            VARCHAR(16),
    event_id          UUID,
    at                TIMESTAMPTZ  NOT NULL,
    detail            VARCHAR(1000)
);
CREATE INDEX payment_history_order ON payment_history (order_id, at, id);
