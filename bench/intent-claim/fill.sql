-- claim.n due intents (a tenth authorizations, the rest captures) and four times as many done, in both schemas
DO $$
DECLARE s text;
BEGIN
  FOREACH s IN ARRAY ARRAY['a','b'] LOOP
    EXECUTE format('TRUNCATE %I.payment_intent, %I.payment', s, s);
    EXECUTE format('INSERT INTO %I.payment SELECT md5(i::text)::uuid, 1500, ''EUR'', null FROM generate_series(1, %s) i', s, current_setting('claim.n')::int * 5);
    EXECUTE format($f$INSERT INTO %I.payment_intent (id, order_id, action, status, attempts, next_attempt_at, token, retry_since, created_at, updated_at)
      SELECT md5(i::text) || CASE WHEN i %% 10 = 0 THEN ':a' ELSE ':c' END, md5(i::text)::uuid,
             CASE WHEN i %% 10 = 0 THEN 'AUTHORIZE' ELSE 'CAPTURE' END,
             CASE WHEN i <= %s THEN 'OPEN' ELSE 'DONE' END, 0, now() - interval '1 hour' + i * interval '1 ms', 't', now(), now(), now()
      FROM generate_series(1, %s) i$f$, s, current_setting('claim.n')::int, current_setting('claim.n')::int * 5);
    EXECUTE format('ANALYZE %I.payment_intent', s);
  END LOOP;
END $$;
