-- The claim before V17 (schema a) and now (schema b), each warmed twice and then explained, rolled back every time.
-- "now" is a copy of Intents.claimDue's statement (payment-service): change it with that one, or this measures an older claim.
SET plan_cache_mode = force_generic_plan;
SET search_path = a;
PREPARE old_claim(timestamptz, timestamptz, timestamptz, int) AS
UPDATE payment_intent i SET attempts = i.attempts + 1, next_attempt_at = $1, outcome_unknown = TRUE, updated_at = $2
FROM (SELECT id, outcome_unknown FROM payment_intent WHERE status = 'OPEN' AND next_attempt_at <= $3
      ORDER BY (action = 'AUTHORIZE') DESC, next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED) due
WHERE i.id = due.id
RETURNING i.id, i.order_id, i.action, i.attempts, due.outcome_unknown, i.token, i.retry_since, i.trace_parent, i.trace_state;
SET search_path = b;
PREPARE new_claim(timestamptz, int, timestamptz, int, timestamptz, timestamptz) AS
WITH authorizations AS (
    SELECT id, outcome_unknown FROM payment_intent
    WHERE status = 'OPEN' AND action = 'AUTHORIZE' AND next_attempt_at <= $1
    ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED),
settlements AS (
    SELECT id, outcome_unknown FROM payment_intent
    WHERE status = 'OPEN' AND action <> 'AUTHORIZE' AND next_attempt_at <= $3
    ORDER BY next_attempt_at LIMIT greatest($4 - (SELECT count(*) FROM authorizations), 0)
    FOR UPDATE SKIP LOCKED),
due AS (SELECT * FROM authorizations UNION ALL SELECT * FROM settlements)
UPDATE payment_intent i SET attempts = i.attempts + 1, next_attempt_at = $5, outcome_unknown = TRUE, updated_at = $6
WHERE i.id = ANY (ARRAY(SELECT id FROM due))
RETURNING i.id, i.order_id, i.action, i.attempts, (SELECT d.outcome_unknown FROM due d WHERE d.id = i.id), i.token,
          i.retry_since, i.trace_parent, i.trace_state;
\o /dev/null
SET search_path = a;
BEGIN; EXECUTE old_claim(now() + interval '15 s', now(), now(), 8); ROLLBACK;
BEGIN; EXECUTE old_claim(now() + interval '15 s', now(), now(), 8); ROLLBACK;
SET search_path = b;
BEGIN; EXECUTE new_claim(now(), 8, now(), 8, now() + interval '15 s', now()); ROLLBACK;
BEGIN; EXECUTE new_claim(now(), 8, now(), 8, now() + interval '15 s', now()); ROLLBACK;
\o
SET search_path = a;
BEGIN; EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, SUMMARY ON) EXECUTE old_claim(now() + interval '15 s', now(), now(), 8); ROLLBACK;
SET search_path = b;
BEGIN; EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, SUMMARY ON) EXECUTE new_claim(now(), 8, now(), 8, now() + interval '15 s', now()); ROLLBACK;
