-- One row per order outcome: the unique (order_id, kind) is what makes "exactly one email per outcome" hold across
-- duplicate events, replays and concurrent deliveries. The row is claimed (SENDING, with a lease) in its own
-- committed transaction before the SMTP call and marked SENT or FAILED after it.
CREATE TABLE notification (
    id           UUID          PRIMARY KEY,
    order_id     UUID          NOT NULL,
    kind         VARCHAR(16)   NOT NULL CHECK (kind IN ('CONFIRMATION', 'REJECTION')),
    recipient    VARCHAR(320)  NOT NULL,
    subject      VARCHAR(300)  NOT NULL,
    status       VARCHAR(16)   NOT NULL CHECK (status IN ('SENDING', 'SENT', 'FAILED')),
    attempts     INT           NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error   VARCHAR(1000),
    lease_until  TIMESTAMPTZ,
    event_id     UUID          NOT NULL,
    created_at   TIMESTAMPTZ   NOT NULL,
    updated_at   TIMESTAMPTZ   NOT NULL,
    sent_at      TIMESTAMPTZ,
    CONSTRAINT notification_one_per_outcome UNIQUE (order_id, kind)
);
CREATE INDEX notification_created_at ON notification (created_at DESC, id DESC);
