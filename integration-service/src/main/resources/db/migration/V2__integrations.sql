-- integration-service: integrations, their encrypted credentials, PRD mappings and the durable delivery log
-- (seed §6, corrected). No foreign key leaves this schema.

-- ------------------------------------------------------------------ projections of prd-service's events
-- Written only by the event consumers (once per event, via the inbox). Access checks and event routing read them;
-- no request and no delivery calls prd-service to learn who belongs where.
CREATE TABLE organizations (
    id         UUID PRIMARY KEY,
    deleted_at TIMESTAMPTZ,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- subject binds memberships learnt before the first login; email finds a user's chat account for direct messages
CREATE TABLE users (
    id         UUID PRIMARY KEY,
    subject    VARCHAR(255),
    email      VARCHAR(320),
    name       VARCHAR(255),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_subject_key ON users (subject) WHERE subject IS NOT NULL;

CREATE TABLE org_members (
    organization_id UUID NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         UUID NOT NULL,
    subject         VARCHAR(255),
    role            VARCHAR(16) NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, user_id)
);
CREATE UNIQUE INDEX org_members_subject_key ON org_members (organization_id, subject) WHERE subject IS NOT NULL;
CREATE INDEX org_members_user_idx ON org_members (user_id);

-- git_repo_url: where the git integration commits this project's PRDs (https, ssh or scp-style; prd-service checks it)
CREATE TABLE projects (
    id              UUID PRIMARY KEY,
    organization_id UUID NOT NULL,
    name            VARCHAR(255),
    slug            VARCHAR(255),
    git_repo_url    VARCHAR(2048),
    archived        BOOLEAN NOT NULL DEFAULT false,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX projects_organization_idx ON projects (organization_id);

CREATE TABLE prds (
    id              UUID PRIMARY KEY,
    organization_id UUID NOT NULL,
    project_id      UUID,
    title           VARCHAR(255),
    slug            VARCHAR(255),
    status          VARCHAR(32),
    deleted_at      TIMESTAMPTZ,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX prds_organization_idx ON prds (organization_id);

-- ------------------------------------------------------------------ seed §6.1: integrations
-- Several integrations of one type per organization are allowed (two Slack channels, one webhook per consumer): the
-- seed's UNIQUE (organization_id, type) becomes UNIQUE (organization_id, type, name).
-- settings: the non-secret configuration, validated per type by the API. The credential lives encrypted in
-- integration_secrets; here only its last four characters and expiry, to recognise and renew it.
-- Health: consecutive_failures counts failed attempts since the last success (N of them disable the integration);
-- the circuit opens after a run of retryable failures and lets one probe through after circuit_retry_at.
CREATE TABLE integrations (
    id                   UUID PRIMARY KEY,
    organization_id      UUID NOT NULL,
    type                 VARCHAR(16) NOT NULL
        CHECK (type IN ('jira', 'confluence', 'slack', 'mattermost', 'teams', 'craft', 'git', 'webhook')),
    name                 VARCHAR(100) NOT NULL,
    enabled              BOOLEAN NOT NULL DEFAULT true,
    settings             JSONB NOT NULL DEFAULT '{}',
    secret_last4         VARCHAR(4),
    secret_set_at        TIMESTAMPTZ,
    secret_expires_at    TIMESTAMPTZ,
    created_by           VARCHAR(255),
    updated_by           VARCHAR(255),
    disabled_reason      VARCHAR(16) CHECK (disabled_reason IN ('auth', 'gone', 'failures', 'manual')),
    disabled_at          TIMESTAMPTZ,
    last_error           VARCHAR(500),
    consecutive_failures INT NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
    retryable_streak     INT NOT NULL DEFAULT 0 CHECK (retryable_streak >= 0),
    circuit_state        VARCHAR(10) NOT NULL DEFAULT 'closed' CHECK (circuit_state IN ('closed', 'open', 'half_open')),
    circuit_retry_at     TIMESTAMPTZ,
    last_success_at      TIMESTAMPTZ,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT integrations_name_key UNIQUE (organization_id, type, name),
    CONSTRAINT integrations_disabled_has_reason CHECK (enabled OR disabled_reason IS NOT NULL)
);
CREATE INDEX integrations_org_idx ON integrations (organization_id, type) WHERE enabled;
SELECT prdtool_track_table('integrations');

-- The credential (token, webhook URL with its key, signing secret), AES-256-GCM sealed with the key named by key_id,
-- bound to (organization, integration) as associated data. A webhook signing secret being rotated keeps the previous
-- one until previous_valid_until (both sign meanwhile). Deliberately not tracked by the row-change trigger: not even
-- ciphertext leaves this service.
CREATE TABLE integration_secrets (
    integration_id       UUID PRIMARY KEY REFERENCES integrations (id) ON DELETE CASCADE,
    key_id               VARCHAR(64) NOT NULL,
    ciphertext           TEXT NOT NULL,
    previous_key_id      VARCHAR(64),
    previous_ciphertext  TEXT,
    previous_valid_until TIMESTAMPTZ,
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT integration_secrets_previous_complete CHECK (
        (previous_ciphertext IS NULL) = (previous_key_id IS NULL))
);

-- ------------------------------------------------------------------ seed §6.2: what each PRD is in each target
-- One row per (integration, PRD, kind of external object, key): a Jira epic (key ''), one story per requirement (key
-- = requirement id), a Confluence page, the git file. external_id is null while the object is being created (an
-- adapter records the row first, so a retry after a timeout looks the object up instead of creating it twice).
-- sync_status always tells the truth: pending (a delivery is queued), creating, synced, failed (sync_error says why).
CREATE TABLE integration_mappings (
    id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    integration_id  UUID NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    organization_id UUID NOT NULL,
    prd_id          UUID NOT NULL,
    external_type   VARCHAR(50) NOT NULL,
    external_key    VARCHAR(255) NOT NULL DEFAULT '',
    external_id     VARCHAR(255),
    external_url    VARCHAR(2048),
    sync_status     VARCHAR(16) NOT NULL DEFAULT 'pending'
        CHECK (sync_status IN ('pending', 'creating', 'synced', 'failed')),
    sync_error      VARCHAR(500),
    last_version    VARCHAR(50),
    content_hash    VARCHAR(64),
    last_synced_at  TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT integration_mappings_key UNIQUE (integration_id, prd_id, external_type, external_key)
);
CREATE INDEX integration_mappings_prd_idx ON integration_mappings (prd_id);
CREATE INDEX integration_mappings_external_idx ON integration_mappings (integration_id, external_id);
SELECT prdtool_track_table('integration_mappings');

-- ------------------------------------------------------------------ the delivery log (durable outbound queue)
-- One row per (source event, integration, action), recorded in the consumer's inbox transaction; the dispatcher
-- calls out later. idempotency_key = source event id:integration id:action, so a redelivered event records nothing.
-- target_key serializes deliveries: at most one in flight per key (a chat channel, one PRD in one Jira project...).
-- payload never holds a secret. Not tracked by the row-change trigger (operational log; it holds PRD text).
CREATE TABLE deliveries (
    id                UUID PRIMARY KEY,
    integration_id    UUID NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    organization_id   UUID NOT NULL,
    action            VARCHAR(40) NOT NULL,
    target_key        VARCHAR(200) NOT NULL,
    prd_id            UUID,
    source_event_id   UUID,
    source_event_type VARCHAR(100),
    payload           JSONB NOT NULL,
    idempotency_key   VARCHAR(200) NOT NULL,
    status            VARCHAR(12) NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'in_flight', 'delivered', 'failed', 'dead')),
    attempts          INT NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- attempts made before the last manual replay: the retry schedule restarts from there
    schedule_offset   INT NOT NULL DEFAULT 0,
    next_attempt_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    locked_until      TIMESTAMPTZ,
    last_status       INT,
    last_error        VARCHAR(500),
    external_id       VARCHAR(255),
    external_url      VARCHAR(2048),
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    delivered_at      TIMESTAMPTZ,
    CONSTRAINT deliveries_idempotency_key UNIQUE (idempotency_key),
    CONSTRAINT deliveries_in_flight_leased CHECK (status <> 'in_flight' OR locked_until IS NOT NULL)
);
CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_in_flight_idx ON deliveries (target_key) WHERE status = 'in_flight';
CREATE INDEX deliveries_integration_idx ON deliveries (integration_id, created_at DESC, id DESC);
CREATE TRIGGER deliveries_updated_at BEFORE UPDATE ON deliveries
    FOR EACH ROW EXECUTE FUNCTION prdtool_set_updated_at();

-- Every attempt: when, how long, what came back. Excerpts are redacted (no Authorization header, no URL key, no
-- signing secret) and at most 2,000 characters.
CREATE TABLE delivery_attempts (
    delivery_id      UUID NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    attempt_no       INT NOT NULL CHECK (attempt_no > 0),
    started_at       TIMESTAMPTZ NOT NULL,
    duration_ms      INT NOT NULL CHECK (duration_ms >= 0),
    outcome          VARCHAR(12) NOT NULL CHECK (outcome IN ('delivered', 'retryable', 'terminal', 'auth', 'gone')),
    status_code      INT,
    error_class      VARCHAR(100),
    error            VARCHAR(500),
    request_excerpt  VARCHAR(2100),
    response_excerpt VARCHAR(2100),
    PRIMARY KEY (delivery_id, attempt_no)
);
