CREATE TABLE orders (
    id                UUID         PRIMARY KEY,
    status            VARCHAR(16)  NOT NULL,
    rejection_reason  VARCHAR(32),
    rejection_detail  VARCHAR(1000),
    customer_email    VARCHAR(320) NOT NULL,
    customer_name     VARCHAR(200) NOT NULL,
    total_amount      BIGINT       NOT NULL,
    currency          CHAR(3)      NOT NULL,
    payment_outcome   VARCHAR(16),
    inventory_outcome VARCHAR(16),
    deadline_at       TIMESTAMPTZ  NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL
);
CREATE INDEX orders_created_at ON orders (created_at DESC);
CREATE INDEX orders_status_created_at ON orders (status, created_at DESC);
CREATE INDEX orders_pending_deadline ON orders (deadline_at) WHERE status = 'PENDING';

-- A client's Idempotency-Key, claimed in the transaction that creates its order: a concurrent request with the
-- same key waits on the claim and then finds the order instead of creating a second one.
CREATE TABLE order_idempotency (
    idempotency_key   VARCHAR(255) PRIMARY KEY,
    request_hash      CHAR(64)     NOT NULL,
    order_id          UUID         NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE order_item (
    id                BIGSERIAL    PRIMARY KEY,
    order_id          UUID         NOT NULL REFERENCES orders (id),
    line_no           INT          NOT NULL,
    sku               VARCHAR(64)  NOT NULL,
    quantity          INT          NOT NULL CHECK (quantity > 0),
    unit_price_amount BIGINT       NOT NULL,
    UNIQUE (order_id, line_no)
);

CREATE TABLE order_timeline (
    id                BIGSERIAL    PRIMARY KEY,
    order_id          UUID         NOT NULL REFERENCES orders (id),
    event_id          UUID         NOT NULL,
    type              VARCHAR(100) NOT NULL,
    source            VARCHAR(255) NOT NULL,
    at                TIMESTAMPTZ  NOT NULL,
    detail            VARCHAR(1000)
);
CREATE INDEX order_timeline_order ON order_timeline (order_id, at, id);

-- Replica of inventory-service's catalog, fed by the compacted catalog topic; prices orders at placement.
CREATE TABLE catalog_product (
    sku               VARCHAR(64)  PRIMARY KEY,
    name              VARCHAR(200) NOT NULL,
    price_amount      BIGINT       NOT NULL,
    currency          CHAR(3)      NOT NULL,
    available         INT          NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL
);
