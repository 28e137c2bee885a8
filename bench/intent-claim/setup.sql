-- The intent table twice: schema a with the index before V17, schema b with those of V17 (payment-service).
DROP SCHEMA IF EXISTS a CASCADE; DROP SCHEMA IF EXISTS b CASCADE;
CREATE SCHEMA a; CREATE SCHEMA b;
DO $$
DECLARE s text;
BEGIN
  FOREACH s IN ARRAY ARRAY['a','b'] LOOP
    EXECUTE format('CREATE TABLE %I.payment (order_id uuid PRIMARY KEY, amount bigint, currency char(3), gateway_reference varchar(255))', s);
    EXECUTE format($f$CREATE TABLE %I.payment_intent (
      id varchar(64) PRIMARY KEY, order_id uuid NOT NULL REFERENCES %I.payment (order_id),
      action varchar(16) NOT NULL, status varchar(16) NOT NULL, attempts int NOT NULL DEFAULT 0,
      next_attempt_at timestamptz, outcome_unknown boolean NOT NULL DEFAULT false, token varchar(255),
      last_error varchar(1000), retry_since timestamptz NOT NULL, created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL, trace_parent varchar(64), trace_state varchar(512), UNIQUE (order_id, action))$f$, s, s);
    EXECUTE format($f$CREATE INDEX ON %I.payment_intent (created_at) WHERE status IN ('OPEN', 'GAVE_UP')$f$, s);
  END LOOP;
END $$;
CREATE INDEX payment_intent_due ON a.payment_intent (next_attempt_at) WHERE status = 'OPEN';
CREATE INDEX payment_intent_due_authorization ON b.payment_intent (next_attempt_at) WHERE status = 'OPEN' AND action = 'AUTHORIZE';
CREATE INDEX payment_intent_due_settlement ON b.payment_intent (next_attempt_at) WHERE status = 'OPEN' AND action <> 'AUTHORIZE';
