-- Jira back-sync: the webhook secret we generate per Jira integration (sealed like credentials, shown once), the
-- webhook deliveries received (stored at once, answered 202, processed later; one row per Jira webhook identifier,
-- so a replayed delivery changes nothing), and the Jira status of each mapped issue.
CREATE TABLE jira_hook_secrets (
    integration_id UUID PRIMARY KEY REFERENCES integrations (id) ON DELETE CASCADE,
    key_id         VARCHAR(64) NOT NULL,
    ciphertext     TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE jira_hook_events (
    id                 UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    integration_id     UUID NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    organization_id    UUID NOT NULL,
    webhook_identifier VARCHAR(200) NOT NULL,
    body               JSONB NOT NULL,
    received_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    processed_at       TIMESTAMPTZ,
    CONSTRAINT jira_hook_events_once UNIQUE (integration_id, webhook_identifier)
);
CREATE INDEX jira_hook_events_pending_idx ON jira_hook_events (received_at) WHERE processed_at IS NULL;

ALTER TABLE integration_mappings
    ADD COLUMN remote_status VARCHAR(100),
    ADD COLUMN remote_done   BOOLEAN;
