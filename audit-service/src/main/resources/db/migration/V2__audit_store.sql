-- audit-service's store. No foreign key to users or organizations: audit data outlives what it mentions.
-- These tables are deliberately not tracked by the audit trigger (that would audit the audit log in a loop).

-- ------------------------------------------------------------------ membership projection (from prdtool.org.events)
CREATE TABLE organizations (
    id          UUID PRIMARY KEY,
    name        VARCHAR(255),
    slug        VARCHAR(255),
    deleted_at  TIMESTAMPTZ,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE org_members (
    organization_id UUID NOT NULL,
    user_id         UUID NOT NULL,
    subject         VARCHAR(255) NOT NULL,
    role            VARCHAR(20) NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX org_members_subject_idx ON org_members (subject, organization_id);

-- ------------------------------------------------------------------ activity log: who did what to which resource
-- One row per domain event (id = CloudEvents id). Monthly partitions on created_at (the event time), created ahead
-- by PartitionMaintenance; the default partition catches anything outside them so no insert fails.
CREATE TABLE activity_logs (
    id              UUID NOT NULL,
    organization_id UUID,
    user_id         UUID,
    actor           VARCHAR(255),
    resource_type   VARCHAR(100) NOT NULL,
    resource_id     UUID NOT NULL,
    action          VARCHAR(200) NOT NULL,
    source          VARCHAR(200) NOT NULL,
    topic           VARCHAR(200) NOT NULL,
    changes         JSONB,
    ip_address      INET,
    user_agent      TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    received_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE TABLE activity_logs_default PARTITION OF activity_logs DEFAULT;
CREATE INDEX activity_logs_org_time_idx ON activity_logs (organization_id, created_at DESC, id DESC);
CREATE INDEX activity_logs_org_actor_idx ON activity_logs (organization_id, actor, created_at DESC);
CREATE INDEX activity_logs_org_user_idx ON activity_logs (organization_id, user_id, created_at DESC);
CREATE INDEX activity_logs_resource_idx ON activity_logs (organization_id, resource_type, resource_id, created_at DESC);

-- ------------------------------------------------------------------ audit trail: row changes, hash-chained per organization
-- organization_id is the nil UUID for rows that belong to no organization (one chain of their own).
CREATE TABLE audit_trails (
    id              UUID NOT NULL,
    organization_id UUID NOT NULL,
    chain_seq       BIGINT NOT NULL,
    service         VARCHAR(100),
    table_name      VARCHAR(100) NOT NULL,
    record_id       UUID NOT NULL,
    record_key      TEXT,
    operation       VARCHAR(10) NOT NULL CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE')),
    old_data        JSONB,
    new_data        JSONB,
    changed_by      VARCHAR(255),
    changed_at      TIMESTAMPTZ NOT NULL,
    prev_hash       BYTEA,
    hash            BYTEA NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE TABLE audit_trails_default PARTITION OF audit_trails DEFAULT;
CREATE INDEX audit_trails_chain_idx ON audit_trails (organization_id, chain_seq);
CREATE INDEX audit_trails_record_idx ON audit_trails (organization_id, table_name, record_id, chain_seq);

-- the head of each organization's chain; its row lock serializes appends to one chain
CREATE TABLE audit_chain_heads (
    organization_id UUID PRIMARY KEY,
    last_seq        BIGINT NOT NULL DEFAULT 0,
    last_hash       BYTEA
);

-- partitions detached or dropped by retention, so that verification knows where a chain legitimately starts
CREATE TABLE audit_archives (
    partition_name VARCHAR(200) PRIMARY KEY,
    parent         VARCHAR(100) NOT NULL,
    range_start    TIMESTAMPTZ NOT NULL,
    range_end      TIMESTAMPTZ NOT NULL,
    mode           VARCHAR(10) NOT NULL CHECK (mode IN ('detach', 'drop')),
    archived_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The hash of one trail row: SHA-256 over the previous row's hash and every stored field (jsonb::text is canonical).
CREATE FUNCTION audit_row_hash(prev BYTEA, org UUID, seq BIGINT, row_id UUID, svc TEXT, tbl TEXT, rec UUID,
    rec_key TEXT, op TEXT, old_data JSONB, new_data JSONB, actor TEXT, changed TIMESTAMPTZ) RETURNS BYTEA
LANGUAGE sql IMMUTABLE AS $$
    SELECT sha256(convert_to(concat_ws(chr(31),
        coalesce(encode(prev, 'hex'), ''), org::text, seq::text, row_id::text, coalesce(svc, ''), tbl, rec::text,
        coalesce(rec_key, ''), op, coalesce(old_data::text, 'null'), coalesce(new_data::text, 'null'),
        coalesce(actor, ''), (extract(epoch FROM changed) * 1000000)::bigint::text), 'UTF8'))
$$;

-- Appends one row to its organization's chain (one round trip); returns its chain position.
CREATE FUNCTION audit_append_trail(p_id UUID, p_org UUID, p_service TEXT, p_table TEXT, p_record UUID,
    p_record_key TEXT, p_op TEXT, p_old JSONB, p_new JSONB, p_actor TEXT, p_changed TIMESTAMPTZ) RETURNS BIGINT
LANGUAGE plpgsql AS $$
DECLARE
    seq  BIGINT;
    prev BYTEA;
    h    BYTEA;
BEGIN
    INSERT INTO audit_chain_heads (organization_id) VALUES (p_org) ON CONFLICT DO NOTHING;
    UPDATE audit_chain_heads SET last_seq = last_seq + 1 WHERE organization_id = p_org
        RETURNING last_seq, last_hash INTO seq, prev;
    h := audit_row_hash(prev, p_org, seq, p_id, p_service, p_table, p_record, p_record_key, p_op, p_old, p_new,
        p_actor, p_changed);
    INSERT INTO audit_trails (id, organization_id, chain_seq, service, table_name, record_id, record_key, operation,
        old_data, new_data, changed_by, changed_at, prev_hash, hash)
    VALUES (p_id, p_org, seq, p_service, p_table, p_record, p_record_key, p_op, p_old, p_new, p_actor, p_changed,
        prev, h);
    UPDATE audit_chain_heads SET last_hash = h WHERE organization_id = p_org;
    RETURN seq;
END
$$;

-- Creates the monthly partition of parent that starts at month_start, if missing. Rows of that month that fell into
-- the default partition meanwhile are moved into it (otherwise the attach would fail).
CREATE FUNCTION audit_ensure_month_partition(parent TEXT, month_start DATE) RETURNS BOOLEAN
LANGUAGE plpgsql AS $$
DECLARE
    part      TEXT := parent || '_' || to_char(month_start, 'YYYY_MM');
    range_end DATE := (month_start + INTERVAL '1 month')::date;
BEGIN
    IF to_regclass(part) IS NOT NULL THEN
        RETURN false;
    END IF;
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part, parent);
    EXECUTE format('WITH moved AS (DELETE FROM %I WHERE created_at >= %L AND created_at < %L RETURNING *)'
        || ' INSERT INTO %I SELECT * FROM moved', parent || '_default', month_start, range_end, part);
    EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', parent, part, month_start,
        range_end);
    RETURN true;
END
$$;

-- An IP address as carried in an event, or NULL when it is not one (never a reason to reject the event).
CREATE FUNCTION audit_try_inet(value TEXT) RETURNS INET
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN value::inet;
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$$;

-- ------------------------------------------------------------------ seed §8.2, without the four-way cross product
-- One pass over activity_logs grouped per (organization, actor): each count is its own aggregate (FILTER), so a
-- user's PRDs, versions, AI prompts and collaboration events never multiply each other.
CREATE MATERIALIZED VIEW user_activity_summary AS
SELECT organization_id,
       actor,
       max(user_id::text)::uuid                                            AS user_id,
       count(*) FILTER (WHERE action = 'PrdCreated')                       AS prds_created,
       count(*) FILTER (WHERE action = 'PrdVersionCreated')                AS versions_created,
       count(*) FILTER (WHERE topic = 'prdtool.ai.events')                 AS ai_prompts,
       count(*) FILTER (WHERE topic = 'prdtool.collab.events')             AS collaboration_events,
       count(*)                                                            AS total_events,
       max(created_at)                                                     AS last_active_at
FROM activity_logs
WHERE organization_id IS NOT NULL AND actor IS NOT NULL
GROUP BY organization_id, actor
WITH DATA;
-- REFRESH ... CONCURRENTLY needs this unique index
CREATE UNIQUE INDEX user_activity_summary_key ON user_activity_summary (organization_id, actor);
CREATE INDEX user_activity_summary_user_idx ON user_activity_summary (organization_id, user_id);
CREATE INDEX user_activity_summary_last_active_idx ON user_activity_summary (organization_id, last_active_at DESC);
