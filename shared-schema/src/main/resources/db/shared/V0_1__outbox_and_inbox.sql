-- Shared by every service (shared-schema, classpath:db/shared), applied before the service's own V1.
-- Never edit after it has landed: add V0_<n+1>.

-- Transactional outbox: written in the same transaction as the change it describes, published by the relay.
CREATE TABLE outbox (
    id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),    -- the CloudEvents id
    seq             BIGINT GENERATED ALWAYS AS IDENTITY,           -- publication order
    topic           VARCHAR(200) NOT NULL,
    event_type      VARCHAR(200) NOT NULL,
    schema_version  INT NOT NULL DEFAULT 1 CHECK (schema_version > 0),
    aggregate_type  VARCHAR(100) NOT NULL,
    aggregate_id    UUID NOT NULL,                                 -- Kafka key, CloudEvents subject
    organization_id UUID,
    payload         JSONB NOT NULL,
    actor           VARCHAR(255),
    client_ip       VARCHAR(64),
    user_agent      VARCHAR(512),
    occurred_at     TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    sent_at         TIMESTAMPTZ,
    attempts        INT NOT NULL DEFAULT 0,
    last_error      TEXT
);
CREATE UNIQUE INDEX outbox_seq_key ON outbox (seq);
-- the relay's work queue stays small however long sent rows are kept
CREATE INDEX outbox_unsent_idx ON outbox (seq) WHERE sent_at IS NULL;
CREATE INDEX outbox_sent_at_idx ON outbox (sent_at) WHERE sent_at IS NOT NULL;

-- Inbox: ids of events a consumer has applied, written in the same transaction as the effect.
CREATE TABLE inbox (
    consumer     VARCHAR(200) NOT NULL,
    event_id     UUID NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX inbox_processed_at_idx ON inbox (processed_at);
