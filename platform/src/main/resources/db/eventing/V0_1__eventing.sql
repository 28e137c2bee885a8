-- Events written in the same transaction as the state change they announce; the relay publishes and deletes them.
CREATE TABLE outbox_event (
    seq          BIGSERIAL PRIMARY KEY,
    event_id     UUID         NOT NULL UNIQUE,
    topic        VARCHAR(100) NOT NULL,
    event_key    VARCHAR(255) NOT NULL,
    type         VARCHAR(100) NOT NULL,
    source       VARCHAR(255) NOT NULL,
    subject      VARCHAR(255) NOT NULL,
    event_time   TIMESTAMPTZ  NOT NULL,
    payload      TEXT         NOT NULL
);

-- Ids of consumed events, inserted in the same transaction as their effect: a redelivery finds its id and does nothing.
CREATE TABLE processed_event (
    event_id     UUID         PRIMARY KEY,
    type         VARCHAR(100) NOT NULL,
    processed_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
