-- The client IP address and user agent of a domain event no longer travel on the domain topics (every consumer would
-- see them); the outbox relay publishes them as RequestContextCaptured on prdtool.audit.changes, keyed by the event's
-- id. They land here and the activity log joins them to its rows. Retention: rows older than the activity log's
-- retention are deleted by the partition maintenance job.
CREATE TABLE activity_request_context (
    event_id           UUID PRIMARY KEY,
    context_ip         INET,
    context_user_agent TEXT,
    captured_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX activity_request_context_captured_idx ON activity_request_context (captured_at);
