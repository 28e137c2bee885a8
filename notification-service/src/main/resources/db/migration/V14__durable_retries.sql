-- Transient SMTP failures no longer hold the consumer: the notification waits as RETRYING until next_attempt_at and
-- the retry sweep sends it then, from the content stored with the claim (the same text, HTML and Message-ID).
-- A SENDING row whose lease ran out (its sender died) is taken over by the same sweep.
ALTER TABLE notification DROP CONSTRAINT notification_status_check;
ALTER TABLE notification ADD CONSTRAINT notification_status_check
    CHECK (status IN ('SENDING', 'RETRYING', 'SENT', 'FAILED'));
ALTER TABLE notification ADD COLUMN next_attempt_at TIMESTAMPTZ;
ALTER TABLE notification ADD COLUMN body_text TEXT;
ALTER TABLE notification ADD COLUMN body_html TEXT;
CREATE INDEX notification_retry_due ON notification (next_attempt_at) WHERE status = 'RETRYING';
CREATE INDEX notification_sending_lease ON notification (lease_until) WHERE status = 'SENDING';
