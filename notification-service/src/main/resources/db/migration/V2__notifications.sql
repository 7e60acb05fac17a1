-- notification-service: who hears about what (seed §7, corrected). No foreign key leaves this schema.

-- ------------------------------------------------------------------ projections of prd-service's events
-- Written only by the event consumers (once per event, via the inbox). Recipients are resolved from these alone.

-- users as prd-service knows them: subject (null for someone invited by email who has not logged in yet), email
-- and display name (for emails, mentions by email and the chat hand-off)
CREATE TABLE users (
    id         UUID PRIMARY KEY,
    subject    VARCHAR(255),
    email      VARCHAR(320),
    name       VARCHAR(255),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_subject_key ON users (subject) WHERE subject IS NOT NULL;
CREATE INDEX users_email_idx ON users (lower(email));

CREATE TABLE org_members (
    organization_id UUID NOT NULL,
    user_id         UUID NOT NULL,
    role            VARCHAR(16) NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX org_members_user_idx ON org_members (user_id);

-- each PRD's organization, owner (the creator), approvers, title and status; a deleted PRD keeps a tombstone so a
-- late event cannot bring it back
CREATE TABLE prds (
    id              UUID PRIMARY KEY,
    organization_id UUID NOT NULL,
    project_id      UUID,
    title           VARCHAR(255),
    created_by      UUID,
    approver_ids    UUID[] NOT NULL DEFAULT '{}',
    status          VARCHAR(20),
    deleted_at      TIMESTAMPTZ,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX prds_organization_idx ON prds (organization_id);

-- ------------------------------------------------------------------ watchers
-- Automatic watches (created, edited, mentioned, approver) never overwrite a row: a manual unwatch ('unwatched') or
-- mute stays until the user changes it.
CREATE TABLE prd_watchers (
    prd_id     UUID NOT NULL,
    user_id    UUID NOT NULL,
    state      VARCHAR(10) NOT NULL CHECK (state IN ('watching', 'muted', 'unwatched')),
    reason     VARCHAR(10) NOT NULL CHECK (reason IN ('created', 'edited', 'mentioned', 'approver', 'manual')),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (prd_id, user_id)
);
CREATE INDEX prd_watchers_user_idx ON prd_watchers (user_id);

-- the mentions of each PRD's latest content seen, so only newly added mentions notify; older revisions are ignored
CREATE TABLE prd_mentions (
    prd_id     UUID PRIMARY KEY,
    revision   BIGINT NOT NULL,
    user_ids   UUID[] NOT NULL DEFAULT '{}',
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- ------------------------------------------------------------------ notifications (the in-app channel)
CREATE TABLE notifications (
    id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    -- ordered key: SSE event ids, Last-Event-ID catch-up and keyset pages; renewed when a group gains an event
    seq             BIGINT GENERATED ALWAYS AS IDENTITY,
    recipient_id    UUID NOT NULL,
    organization_id UUID,
    type            VARCHAR(40) NOT NULL CHECK (type IN ('approval_requested', 'prd_approved', 'approval_invalidated',
        'status_changed', 'version_created', 'prd_updated', 'mention', 'integration_disabled',
        'integration_delivery_dead', 'ai_budget_threshold')),
    prd_id          UUID,
    actor_id        UUID,
    source_event_id UUID NOT NULL,
    title           VARCHAR(500) NOT NULL,
    body            TEXT,
    link            VARCHAR(2048),
    -- type-specific details (status, version, editors, event count of a group, integration, budget)
    data            JSONB NOT NULL DEFAULT '{}',
    -- a group of edits stays open for more events until group_closes_at
    group_closes_at TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    read_at         TIMESTAMPTZ,
    is_read         BOOLEAN GENERATED ALWAYS AS (read_at IS NOT NULL) STORED,
    archived_at     TIMESTAMPTZ,
    CONSTRAINT notifications_once_per_event UNIQUE (recipient_id, source_event_id, type)
);
CREATE UNIQUE INDEX notifications_seq_key ON notifications (seq);
-- the inbox page (keyset on seq) and the unread count (partial: only unread, unarchived rows)
CREATE INDEX notifications_recipient_seq_idx ON notifications (recipient_id, seq DESC);
CREATE INDEX notifications_unread_idx ON notifications (recipient_id) WHERE read_at IS NULL AND archived_at IS NULL;
CREATE INDEX notifications_prd_idx ON notifications (prd_id) WHERE prd_id IS NOT NULL;
-- open edit groups per (recipient, PRD)
CREATE INDEX notifications_open_group_idx ON notifications (recipient_id, prd_id, group_closes_at)
    WHERE group_closes_at IS NOT NULL;
CREATE INDEX notifications_created_idx ON notifications (created_at);

-- ------------------------------------------------------------------ preferences: overrides of the defaults in code
CREATE TABLE notification_preferences (
    user_id    UUID NOT NULL,
    channel    VARCHAR(10) NOT NULL CHECK (channel IN ('in_app', 'email', 'chat')),
    event_type VARCHAR(40) NOT NULL CHECK (event_type IN ('approval_requested', 'prd_approved',
        'approval_invalidated', 'status_changed', 'version_created', 'prd_updated', 'mention',
        'integration_disabled', 'integration_delivery_dead', 'ai_budget_threshold')),
    enabled    BOOLEAN NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, channel, event_type)
);

CREATE TABLE notification_settings (
    user_id           UUID PRIMARY KEY,
    time_zone         VARCHAR(64) NOT NULL DEFAULT 'UTC',
    locale            VARCHAR(16) NOT NULL DEFAULT 'en',
    -- local wall-clock times; start > end spans midnight; both null: no quiet hours
    quiet_start       TIME,
    quiet_end         TIME,
    -- local hour of the optional daily email digest (null: emails go out as they come)
    daily_digest_hour SMALLINT CHECK (daily_digest_hour BETWEEN 0 AND 23),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT notification_settings_quiet_pair CHECK ((quiet_start IS NULL) = (quiet_end IS NULL))
);

-- ------------------------------------------------------------------ delivery log (email and chat)
-- The in-app channel is the notification row itself. Email rows move pending → sending → sent, or to held (waiting
-- for a digest), skipped (read meanwhile, cooldown, access gone, preference off), failed (retried with backoff) and
-- dead (retries exhausted). Chat rows are 'sent' once NotificationCreated is in the outbox: integration-service
-- delivers them.
CREATE TABLE notification_digests (
    id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    recipient_id  UUID NOT NULL,
    kind          VARCHAR(10) NOT NULL CHECK (kind IN ('overflow', 'daily')),
    status        VARCHAR(10) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'sending', 'sent', 'skipped',
        'failed', 'dead')),
    due_at        TIMESTAMPTZ NOT NULL,
    attempts      INT NOT NULL DEFAULT 0,
    last_error    TEXT,
    sent_at       TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- at most one open digest (still collecting) of each kind per user
CREATE UNIQUE INDEX notification_digests_open_key ON notification_digests (recipient_id, kind) WHERE status = 'open';
CREATE INDEX notification_digests_due_idx ON notification_digests (due_at)
    WHERE status IN ('open', 'sending', 'failed');

CREATE TABLE notification_deliveries (
    notification_id     UUID NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    channel             VARCHAR(10) NOT NULL CHECK (channel IN ('email', 'chat')),
    recipient_id        UUID NOT NULL,
    organization_id     UUID,
    prd_id              UUID,
    type                VARCHAR(40) NOT NULL,
    status              VARCHAR(10) NOT NULL CHECK (status IN ('pending', 'held', 'sending', 'sent', 'skipped',
        'failed', 'dead')),
    -- when the runner looks at it next: end of the hold, of quiet hours, of an edit group, or of a backoff
    next_attempt_at     TIMESTAMPTZ,
    attempts            INT NOT NULL DEFAULT 0,
    last_error          TEXT,
    -- why it was skipped or held (read, cooldown, access, preference, no_email, digest, daily_digest)
    reason              VARCHAR(20),
    digest_id           UUID REFERENCES notification_digests (id) ON DELETE SET NULL,
    provider_message_id VARCHAR(255),
    sent_at             TIMESTAMPTZ,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (notification_id, channel)
);
CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at)
    WHERE status IN ('pending', 'sending', 'failed');
-- the 4-per-24-h rule and the per-PRD cooldown look at a user's recent immediate emails
CREATE INDEX notification_deliveries_sent_idx ON notification_deliveries (recipient_id, sent_at)
    WHERE channel = 'email' AND status = 'sent' AND digest_id IS NULL;
CREATE INDEX notification_deliveries_org_idx ON notification_deliveries (organization_id, created_at DESC);
CREATE INDEX notification_deliveries_digest_idx ON notification_deliveries (digest_id) WHERE digest_id IS NOT NULL;
CREATE INDEX notification_deliveries_created_idx ON notification_deliveries (created_at);

-- ------------------------------------------------------------------ short-lived SSE stream tickets
-- EventSource cannot send an Authorization header: a ticket (only its SHA-256 is stored) opens one stream.
CREATE TABLE stream_tickets (
    token_hash VARCHAR(64) PRIMARY KEY,
    user_id    UUID NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX stream_tickets_expires_idx ON stream_tickets (expires_at);

-- what users chose about their notifications is part of the audit trail; the notifications themselves are not
SELECT prdtool_track_table('notification_preferences', 'user_id,channel,event_type', 'none');
SELECT prdtool_track_table('notification_settings', 'user_id', 'none');
