-- collab-service tables: the access projection, the durable Yjs operation log, snapshots, presence and the
-- partitioned collaboration events. No foreign key leaves this schema: PRD, organization and user ids are plain UUIDs
-- learned from prd-service events.

-- ------------------------------------------------------------------ access projection (fed by Kafka + inbox)
-- Which organization a PRD belongs to (from PrdCreated / PrdDeleted).
CREATE TABLE prd_access (
    prd_id          UUID PRIMARY KEY,
    organization_id UUID NOT NULL,
    deleted_at      TIMESTAMPTZ,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX prd_access_organization_idx ON prd_access (organization_id);

-- Who belongs to which organization with which role (from OrganizationCreated / Member* events).
CREATE TABLE org_members (
    organization_id UUID NOT NULL,
    subject         VARCHAR(255) NOT NULL,   -- the token subject
    user_id         UUID,                    -- prd-service user id
    role            VARCHAR(16) NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, subject)
);
CREATE INDEX org_members_subject_idx ON org_members (subject);

-- ------------------------------------------------------------------ operation log
-- One row per accepted Yjs update (v1), in per-document commit order (writers hold a per-PRD advisory lock, so ids
-- of one PRD are allocated and committed in order). A document is its latest snapshot plus the rows after it.
CREATE TABLE crdt_updates (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    prd_id       UUID NOT NULL,
    user_subject VARCHAR(255),               -- null: written by the service itself
    source       VARCHAR(16) NOT NULL CHECK (source IN ('websocket', 'peer')),
    update_v1    BYTEA NOT NULL,
    state_vector BYTEA NOT NULL,             -- of the document after this update
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX crdt_updates_prd_idx ON crdt_updates (prd_id, id);

-- One row per inserted, deleted or formatted run of an update: the readable operation log.
CREATE TABLE crdt_operations (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    update_id      BIGINT NOT NULL REFERENCES crdt_updates (id) ON DELETE CASCADE,
    prd_id         UUID NOT NULL,
    user_subject   VARCHAR(255),
    operation_type VARCHAR(10) NOT NULL CHECK (operation_type IN ('insert', 'delete', 'format')),
    client_id      BIGINT NOT NULL,
    clock          INT NOT NULL CHECK (clock >= 0),
    length         INT NOT NULL CHECK (length > 0),
    content_kind   VARCHAR(16),              -- string, embed, format, type, any, json, binary, deleted, doc
    content        TEXT,                     -- inserted text (other content as JSON)
    attributes     JSONB,                    -- format runs: {"bold": true}
    parent         TEXT,                     -- root type name or parent item id ("client:clock")
    vector_clock   JSONB NOT NULL,           -- the document's state vector after the update: {"client": clock}
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX crdt_operations_prd_idx ON crdt_operations (prd_id, update_id);
CREATE INDEX crdt_operations_update_idx ON crdt_operations (update_id);

-- Compacted state: the whole document re-encoded (apply + encode, never a pairwise merge of updates).
CREATE TABLE document_snapshots (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    prd_id          UUID NOT NULL,
    state_v1        BYTEA NOT NULL,
    state_vector    BYTEA NOT NULL,
    up_to_update_id BIGINT NOT NULL,         -- every crdt_updates row of this PRD with id <= this is included
    updates_applied INT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX document_snapshots_prd_idx ON document_snapshots (prd_id, up_to_update_id DESC);

-- ------------------------------------------------------------------ presence
CREATE TABLE active_sessions (
    id               UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    prd_id           UUID NOT NULL,
    organization_id  UUID NOT NULL,
    user_subject     VARCHAR(255) NOT NULL,
    user_name        VARCHAR(255),
    status           VARCHAR(16) NOT NULL CHECK (status IN ('viewing', 'editing', 'ai-prompting')),
    cursor_position  INT,
    selection_start  INT,
    selection_end    INT,
    socket_id        VARCHAR(255) NOT NULL UNIQUE,
    instance_id      VARCHAR(64) NOT NULL,
    joined_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_activity_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX active_sessions_prd_idx ON active_sessions (prd_id);
CREATE INDEX active_sessions_last_activity_idx ON active_sessions (last_activity_at);

-- ------------------------------------------------------------------ collaboration events (monthly partitions)
CREATE TABLE collaboration_events (
    id           UUID NOT NULL DEFAULT gen_random_uuid(),
    prd_id       UUID NOT NULL,
    user_subject VARCHAR(255),
    event_type   VARCHAR(32) NOT NULL CHECK (event_type IN ('join', 'leave', 'edit', 'ai_prompt')),
    event_data   JSONB NOT NULL DEFAULT '{}'::jsonb,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE INDEX collaboration_events_prd_idx ON collaboration_events (prd_id, created_at DESC);
CREATE INDEX collaboration_events_user_idx ON collaboration_events (user_subject, created_at DESC);
-- safety net for rows outside every monthly partition (the scheduler creates months ahead)
CREATE TABLE collaboration_events_default PARTITION OF collaboration_events DEFAULT;

CREATE TABLE collaboration_events_archive (
    id           UUID NOT NULL,
    prd_id       UUID NOT NULL,
    user_subject VARCHAR(255),
    event_type   VARCHAR(32) NOT NULL,
    event_data   JSONB NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    archived_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (id, created_at)
);
CREATE INDEX collaboration_events_archive_prd_idx ON collaboration_events_archive (prd_id, created_at DESC);

-- Creates the monthly partitions from the current month to months_ahead months later (idempotent). Rows already in
-- the default partition for such a month are moved into the new partition.
CREATE OR REPLACE FUNCTION ensure_collaboration_event_partitions(months_ahead INT) RETURNS INT
LANGUAGE plpgsql AS $$
DECLARE
    created INT := 0;
    month_start DATE;
    part_name TEXT;
BEGIN
    FOR i IN 0..months_ahead LOOP
        month_start := (date_trunc('month', now()) + make_interval(months => i))::date;
        part_name := format('collaboration_events_%s', to_char(month_start, 'YYYY_MM'));
        IF to_regclass(format('%I.%I', current_schema(), part_name)) IS NULL THEN
            EXECUTE format('CREATE TABLE %I (LIKE collaboration_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
                part_name);
            EXECUTE format('WITH moved AS (DELETE FROM collaboration_events_default WHERE created_at >= %L'
                || ' AND created_at < %L RETURNING *) INSERT INTO %I SELECT * FROM moved',
                month_start, month_start + interval '1 month', part_name);
            EXECUTE format('ALTER TABLE collaboration_events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                part_name, month_start, month_start + interval '1 month');
            created := created + 1;
        END IF;
    END LOOP;
    RETURN created;
END;
$$;

SELECT ensure_collaboration_event_partitions(2);
