-- An accepted upload. Its original is in storage before this row commits; it turns READY only in the transaction
-- that also records all of its variants (written to storage before that), so READY always means complete.
CREATE TABLE image (
    id              UUID         PRIMARY KEY,
    status          VARCHAR(16)  NOT NULL CHECK (status IN ('PROCESSING', 'READY', 'FAILED')),
    format          VARCHAR(8)   NOT NULL,
    width           INT          NOT NULL CHECK (width > 0),
    height          INT          NOT NULL CHECK (height > 0),
    bytes           BIGINT       NOT NULL CHECK (bytes > 0),
    sha256          CHAR(64)     NOT NULL,
    failure_reason  VARCHAR(1000),
    created_at      TIMESTAMPTZ  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL
);

CREATE TABLE image_variant (
    id              BIGSERIAL    PRIMARY KEY,
    image_id        UUID         NOT NULL REFERENCES image (id),
    position        INT          NOT NULL,
    name            VARCHAR(32)  NOT NULL,
    width           INT          NOT NULL CHECK (width > 0),
    height          INT          NOT NULL CHECK (height > 0),
    format          VARCHAR(8)   NOT NULL,
    bytes           BIGINT       NOT NULL CHECK (bytes > 0),
    sha256          CHAR(64)     NOT NULL,
    UNIQUE (image_id, name)
);
