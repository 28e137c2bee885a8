-- Stock per SKU. The checks are the last line of defence of the no-oversell invariant: whatever the code does, the
-- database refuses more reserved units than are on hand.
CREATE TABLE product (
    sku           VARCHAR(64)  PRIMARY KEY,
    name          VARCHAR(200) NOT NULL,
    price_amount  BIGINT       NOT NULL CHECK (price_amount >= 0),
    currency      CHAR(3)      NOT NULL,
    on_hand       INT          NOT NULL CHECK (on_hand >= 0),
    reserved      INT          NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    created_at    TIMESTAMPTZ  NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL,
    CONSTRAINT product_reserved_within_on_hand CHECK (reserved <= on_hand)
);

-- What inventory decided for each order it heard of: the primary key makes one decision per order, so a second
-- order.placed for the same order, or a race between order.placed and order.rejected, cannot reserve twice.
CREATE TABLE reservation (
    order_id      UUID         PRIMARY KEY,
    status        VARCHAR(16)  NOT NULL,
    detail        VARCHAR(500),
    created_at    TIMESTAMPTZ  NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL
);

-- The lines of a reservation (requested lines for a rejected one), one per SKU. No foreign key to product: a
-- rejected order may name SKUs that do not exist.
CREATE TABLE reservation_line (
    order_id      UUID         NOT NULL REFERENCES reservation (order_id),
    sku           VARCHAR(64)  NOT NULL,
    quantity      INT          NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, sku)
);
