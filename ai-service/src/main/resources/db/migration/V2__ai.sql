-- ai-service: AI help on PRDs (seed §4, corrected). No foreign key leaves this schema.

-- ------------------------------------------------------------------ projections of prd-service's events
-- Written only by the event consumers (once per event, via the inbox); authorization and budgets read them, so no
-- request calls prd-service to learn who belongs where.
CREATE TABLE organizations (
    id                UUID PRIMARY KEY,
    subscription_tier VARCHAR(20) NOT NULL DEFAULT 'free',
    deleted_at        TIMESTAMPTZ,
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- the token subject of each user (from UserProvisioned), so that a membership learnt before the user's first login
-- gets its subject whichever of the two events arrives first
CREATE TABLE users (
    id         UUID PRIMARY KEY,
    subject    VARCHAR(255) NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- subject is null for someone invited by email who has not logged in yet (UserProvisioned binds it later)
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

CREATE TABLE prds (
    id              UUID PRIMARY KEY,
    organization_id UUID NOT NULL,
    project_id      UUID,
    title           VARCHAR(255),
    template_id     UUID,
    deleted_at      TIMESTAMPTZ,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX prds_organization_idx ON prds (organization_id);

-- required section titles of each template (null: not known, e.g. a template from before the events carried them)
CREATE TABLE templates (
    id                UUID PRIMARY KEY,
    organization_id   UUID NOT NULL,
    required_sections JSONB,
    deleted_at        TIMESTAMPTZ,
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- ------------------------------------------------------------------ per-organization settings (owners and admins)
CREATE TABLE ai_org_settings (
    organization_id       UUID PRIMARY KEY,
    ai_enabled            BOOLEAN NOT NULL DEFAULT true,
    disabled_actions      TEXT[] NOT NULL DEFAULT '{}',
    -- days prompt and response text are kept (0: never stored); null: the deployment default
    prompt_retention_days INT CHECK (prompt_retention_days BETWEEN 0 AND 3650),
    -- a monthly token cap below the subscription tier's budget; null: the tier's budget
    monthly_token_budget  BIGINT CHECK (monthly_token_budget >= 0),
    -- the organization's adjustments over the default rubric; null: the default rubric
    rubric                JSONB,
    updated_by            VARCHAR(255),
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now()
);
SELECT prdtool_track_table('ai_org_settings', 'organization_id');

-- an organization's own provider, replacing the deployment default (no secret in this row: see ai_provider_secrets)
CREATE TABLE ai_provider_configs (
    organization_id   UUID PRIMARY KEY,
    kind              VARCHAR(16) NOT NULL CHECK (kind IN ('openai', 'azure')),
    base_url          VARCHAR(2048) NOT NULL,
    model             VARCHAR(200) NOT NULL,
    api_version       VARCHAR(40),
    token_limit_field VARCHAR(32) NOT NULL DEFAULT 'max_tokens'
        CHECK (token_limit_field IN ('max_tokens', 'max_completion_tokens')),
    api_key_last4     VARCHAR(4),
    api_key_set_at    TIMESTAMPTZ,
    updated_by        VARCHAR(255),
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
SELECT prdtool_track_table('ai_provider_configs', 'organization_id');

-- The provider's API key, AES-GCM encrypted with the key named by key_id, bound to its organization (associated
-- data). Deliberately not tracked by the row-change trigger: not even ciphertext leaves this service.
CREATE TABLE ai_provider_secrets (
    organization_id UUID PRIMARY KEY REFERENCES ai_provider_configs (organization_id) ON DELETE CASCADE,
    key_id          VARCHAR(64) NOT NULL,
    ciphertext      TEXT NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- ------------------------------------------------------------------ seed §4.1: every call to a provider
-- Not tracked by the row-change trigger either: prompts and answers hold PRD text that the retention setting purges,
-- and a copy in the audit trail would outlive it. The AiInteraction* events record each call without the text.
CREATE TABLE ai_interactions (
    id                     UUID PRIMARY KEY,
    organization_id        UUID NOT NULL,
    prd_id                 UUID,
    user_id                UUID,
    user_subject           VARCHAR(255) NOT NULL,
    action                 VARCHAR(40) NOT NULL,
    status                 VARCHAR(16) NOT NULL
        CHECK (status IN ('pending', 'streaming', 'completed', 'failed', 'cancelled')),
    streamed               BOOLEAN NOT NULL DEFAULT false,
    provider               VARCHAR(16) NOT NULL,
    provider_source        VARCHAR(16) NOT NULL CHECK (provider_source IN ('deployment', 'organization')),
    model_requested        VARCHAR(200) NOT NULL,
    model_returned         VARCHAR(200),
    prompt_template        VARCHAR(60) NOT NULL,
    prompt_version         INT NOT NULL,
    params                 JSONB NOT NULL DEFAULT '{}',
    prompt                 TEXT,
    response               TEXT,
    result                 JSONB,
    prompt_hash            VARCHAR(64),
    prompt_tokens          INT CHECK (prompt_tokens >= 0),
    response_tokens        INT CHECK (response_tokens >= 0),
    usage_estimated        BOOLEAN NOT NULL DEFAULT false,
    reserved_tokens        INT NOT NULL DEFAULT 0 CHECK (reserved_tokens >= 0),
    max_output_tokens      INT NOT NULL,
    finish_reason          VARCHAR(40),
    error_code             VARCHAR(40),
    error_message          TEXT,
    cancel_reason          VARCHAR(16) CHECK (cancel_reason IN ('cancelled', 'disconnected')),
    cancel_requested_at    TIMESTAMPTZ,
    idempotency_key        VARCHAR(255),
    time_to_first_token_ms INT,
    duration_ms            INT,
    lease_until            TIMESTAMPTZ,
    text_purged_at         TIMESTAMPTZ,
    created_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at           TIMESTAMPTZ,
    CONSTRAINT ai_interactions_end_consistent CHECK (
        (status IN ('pending', 'streaming')) = (completed_at IS NULL))
);
CREATE UNIQUE INDEX ai_interactions_idempotency_key ON ai_interactions (organization_id, user_subject, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
-- per-user request rate and the usage report
CREATE INDEX ai_interactions_user_recent_idx ON ai_interactions (organization_id, user_subject, created_at DESC);
-- running calls: concurrency limits and the reaper of calls whose instance died
CREATE INDEX ai_interactions_running_idx ON ai_interactions (lease_until) WHERE status IN ('pending', 'streaming');
CREATE INDEX ai_interactions_prd_idx ON ai_interactions (prd_id, created_at DESC);
CREATE INDEX ai_interactions_org_created_idx ON ai_interactions (organization_id, created_at);
-- text still to purge
CREATE INDEX ai_interactions_unpurged_idx ON ai_interactions (created_at)
    WHERE text_purged_at IS NULL AND (prompt IS NOT NULL OR response IS NOT NULL);

-- ------------------------------------------------------------------ seed §4.2: proposed changes to a PRD's text
-- A suggestion replaces the text its anchor quotes (W3C TextQuoteSelector: exact + prefix + suffix, start as a hint)
-- by suggested_text; no anchor means "append at the end"; no suggested_text means a finding to resolve by hand.
CREATE TABLE ai_suggestions (
    id                  UUID PRIMARY KEY,
    organization_id     UUID NOT NULL,
    prd_id              UUID NOT NULL,
    interaction_id      UUID REFERENCES ai_interactions (id) ON DELETE SET NULL,
    critique_id         UUID,
    suggestion_type     VARCHAR(40) NOT NULL,
    source              VARCHAR(16) NOT NULL CHECK (source IN ('llm', 'rubric')),
    status              VARCHAR(16) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected', 'stale')),
    anchor              JSONB,
    suggested_text      TEXT,
    -- rule, dimension, severity, message, hint (rubric findings); title (LLM suggestions)
    metadata            JSONB NOT NULL DEFAULT '{}',
    -- rubric findings: a stable key of (rule, quoted text and context); one row per key and PRD
    finding_key         VARCHAR(64),
    content_hash        VARCHAR(64),
    created_by          VARCHAR(255),
    accepted_by         UUID,
    accepted_by_subject VARCHAR(255),
    accepted_at         TIMESTAMPTZ,
    applied_update_id   BIGINT,
    rejected_by         UUID,
    rejected_by_subject VARCHAR(255),
    rejected_at         TIMESTAMPTZ,
    stale_reason        VARCHAR(200),
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT ai_suggestions_accepted_has_provenance CHECK (status <> 'accepted' OR accepted_at IS NOT NULL),
    CONSTRAINT ai_suggestions_rejected_has_provenance CHECK (status <> 'rejected' OR rejected_at IS NOT NULL)
);
CREATE INDEX ai_suggestions_prd_idx ON ai_suggestions (prd_id, status, created_at DESC);
CREATE UNIQUE INDEX ai_suggestions_finding_key ON ai_suggestions (prd_id, finding_key) WHERE finding_key IS NOT NULL;
CREATE TRIGGER ai_suggestions_updated_at BEFORE UPDATE ON ai_suggestions
    FOR EACH ROW EXECUTE FUNCTION prdtool_set_updated_at();

-- ------------------------------------------------------------------ reviews against the rubric
CREATE TABLE ai_critiques (
    id              UUID PRIMARY KEY,
    organization_id UUID NOT NULL,
    prd_id          UUID NOT NULL,
    content_hash    VARCHAR(64) NOT NULL,
    rubric_version  VARCHAR(64) NOT NULL,
    source          VARCHAR(16) NOT NULL CHECK (source IN ('rubric', 'llm')),
    trigger         VARCHAR(20) NOT NULL CHECK (trigger IN ('content_changed', 'on_demand')),
    overall_score   INT NOT NULL CHECK (overall_score BETWEEN 0 AND 100),
    scores          JSONB NOT NULL,
    finding_count   INT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- a content already reviewed with the same rubric is not reviewed again
CREATE UNIQUE INDEX ai_critiques_cache_key ON ai_critiques (prd_id, content_hash, rubric_version, source);
CREATE INDEX ai_critiques_latest_idx ON ai_critiques (prd_id, created_at DESC);

-- Each PRD's latest content from collab-service, waiting for its automatic review (debounced: reviewed once edits
-- pause for the quiet period, or after the maximum delay). content is cleared once reviewed; revision only grows, so
-- a late, older content event never replaces a newer one.
CREATE TABLE ai_review_queue (
    prd_id            UUID PRIMARY KEY,
    organization_id   UUID NOT NULL,
    content           TEXT,
    content_hash      VARCHAR(64) NOT NULL,
    revision          BIGINT NOT NULL,
    reviewed_revision BIGINT,
    pending_since     TIMESTAMPTZ,
    last_seen_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ai_review_queue_due_idx ON ai_review_queue (pending_since) WHERE content IS NOT NULL;

-- ------------------------------------------------------------------ token budgets per organization and month
CREATE TABLE ai_usage (
    organization_id  UUID NOT NULL,
    period           DATE NOT NULL CHECK (extract(day FROM period) = 1),
    tokens_used      BIGINT NOT NULL DEFAULT 0 CHECK (tokens_used >= 0),
    tokens_reserved  BIGINT NOT NULL DEFAULT 0 CHECK (tokens_reserved >= 0),
    -- the highest threshold (80, 100) already announced for this month
    notified_percent INT NOT NULL DEFAULT 0,
    PRIMARY KEY (organization_id, period)
);
