-- Outbox rows the broker refused for good (too large, unknown topic, not authorized), moved aside by the relay so
-- the rows behind them still leave. An operator re-publishes (back into outbox_event) or drops each one.
CREATE TABLE outbox_quarantine (
    event_id       UUID          PRIMARY KEY,
    outbox_seq     BIGINT        NOT NULL,
    topic          VARCHAR(100)  NOT NULL,
    event_key      VARCHAR(255)  NOT NULL,
    type           VARCHAR(100)  NOT NULL,
    source         VARCHAR(255)  NOT NULL,
    subject        VARCHAR(255)  NOT NULL,
    event_time     TIMESTAMPTZ   NOT NULL,
    payload        TEXT          NOT NULL,
    reason         VARCHAR(1000) NOT NULL,
    quarantined_at TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX outbox_quarantine_quarantined_at ON outbox_quarantine (quarantined_at, event_id);
