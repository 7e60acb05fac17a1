-- prd-service owns this schema: users, organizations, memberships, projects, templates, PRDs, versions,
-- the collaboration-activity projection and the PRD summary view (seed §2.1-2.5, 2.7, 8.1).
-- No foreign key leaves this schema; references to other services' data are plain UUIDs.
COMMENT ON SCHEMA ${flyway:defaultSchema} IS 'prd-service: owned and migrated by prd-service only';

-- Every domain table is tracked with the shared prdtool_track_table (db/shared V0_2): row changes go to the
-- outbox for audit-service, and updated_at is maintained by the database whoever writes.

-- ---------------------------------------------------------------- users (JIT-provisioned from token claims)
-- subject is NULL while a user exists only because someone added them to an organization by email;
-- the first login with that email binds the identity provider's subject.
-- permissions are global (platform-wide) and deliberately separate from organization roles.
CREATE TABLE users (
    id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    subject       VARCHAR(255),
    email         VARCHAR(255) NOT NULL,
    name          VARCHAR(255) NOT NULL,
    avatar_url    TEXT,
    permissions   TEXT[] NOT NULL DEFAULT '{}',
    is_active     BOOLEAN NOT NULL DEFAULT true,
    last_login_at TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT users_email_not_blank CHECK (length(trim(email)) > 0),
    CONSTRAINT users_permissions_known CHECK (permissions <@ ARRAY['platform:admin', 'platform:support']::TEXT[])
);
CREATE UNIQUE INDEX users_subject_key ON users (subject) WHERE subject IS NOT NULL;
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
SELECT prdtool_track_table('users');

-- ---------------------------------------------------------------- organizations and memberships
CREATE TABLE organizations (
    id                UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name              VARCHAR(255) NOT NULL,
    slug              VARCHAR(100) NOT NULL,
    settings          JSONB NOT NULL DEFAULT '{}',
    subscription_tier VARCHAR(20) NOT NULL DEFAULT 'free',
    is_active         BOOLEAN NOT NULL DEFAULT true,
    created_by        UUID REFERENCES users (id),
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT organizations_slug_key UNIQUE (slug),
    CONSTRAINT organizations_tier_known CHECK (subscription_tier IN ('free', 'team', 'business', 'enterprise')),
    CONSTRAINT organizations_settings_object CHECK (jsonb_typeof(settings) = 'object')
);
SELECT prdtool_track_table('organizations', 'id', 'id');

CREATE TABLE organization_members (
    organization_id UUID NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         UUID NOT NULL REFERENCES users (id),
    role            VARCHAR(20) NOT NULL DEFAULT 'member',
    invited_by      UUID REFERENCES users (id),
    joined_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, user_id),
    CONSTRAINT organization_members_role_known CHECK (role IN ('owner', 'admin', 'member', 'viewer'))
);
-- "which organizations am I in" (the PK serves the per-organization direction)
CREATE INDEX organization_members_user_idx ON organization_members (user_id);
SELECT prdtool_track_table('organization_members', 'organization_id,user_id');

-- ---------------------------------------------------------------- projects
CREATE TABLE projects (
    id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id UUID NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name            VARCHAR(255) NOT NULL,
    slug            VARCHAR(100) NOT NULL,
    description     TEXT,
    settings        JSONB NOT NULL DEFAULT '{}',
    git_repo_url    TEXT,
    is_archived     BOOLEAN NOT NULL DEFAULT false,
    archived_at     TIMESTAMPTZ,
    created_by      UUID REFERENCES users (id),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT projects_org_slug_key UNIQUE (organization_id, slug),
    CONSTRAINT projects_settings_object CHECK (jsonb_typeof(settings) = 'object')
);
-- listing an organization's active projects newest first; the unique key already covers org lookups
CREATE INDEX projects_org_active_idx ON projects (organization_id, created_at DESC) WHERE NOT is_archived;
CREATE INDEX projects_created_by_idx ON projects (created_by);
SELECT prdtool_track_table('projects');

-- ---------------------------------------------------------------- templates (before prds, which reference them)
CREATE TABLE prd_templates (
    id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id UUID NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name            VARCHAR(255) NOT NULL,
    description     TEXT,
    structure       JSONB NOT NULL,
    is_default      BOOLEAN NOT NULL DEFAULT false,
    created_by      UUID REFERENCES users (id),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT prd_templates_org_name_key UNIQUE (organization_id, name),
    CONSTRAINT prd_templates_structure_has_sections CHECK (jsonb_typeof(structure -> 'sections') = 'array')
);
-- at most one default template per organization, enforced by the database as well as by the service
CREATE UNIQUE INDEX prd_templates_one_default_idx ON prd_templates (organization_id) WHERE is_default;
SELECT prdtool_track_table('prd_templates');

-- ---------------------------------------------------------------- prds
-- organization_id is denormalized from the project so that tenant checks and org-wide search need no join.
-- approved_content_hash binds an approval to the exact content approved (SHA-256 hex of content).
CREATE TABLE prds (
    id                    UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id       UUID NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    project_id            UUID NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    title                 VARCHAR(255) NOT NULL,
    slug                  VARCHAR(100) NOT NULL,
    current_version       VARCHAR(20) NOT NULL DEFAULT '1.0.0',
    content               TEXT NOT NULL DEFAULT '',
    metadata              JSONB NOT NULL DEFAULT '{}',
    status                VARCHAR(20) NOT NULL DEFAULT 'draft',
    template_id           UUID REFERENCES prd_templates (id) ON DELETE SET NULL,
    approver_ids          UUID[] NOT NULL DEFAULT '{}',
    created_by            UUID REFERENCES users (id),
    updated_by            UUID REFERENCES users (id),
    approved_by           UUID REFERENCES users (id),
    approved_at           TIMESTAMPTZ,
    approved_content_hash CHAR(64),
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    search_vector         TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(content, '')), 'B')) STORED,
    CONSTRAINT prds_project_slug_key UNIQUE (project_id, slug),
    CONSTRAINT prds_status_known CHECK (status IN ('draft', 'in_review', 'approved', 'published', 'archived')),
    CONSTRAINT prds_version_semver CHECK (current_version ~ '^[0-9]{1,6}\.[0-9]{1,6}\.[0-9]{1,6}$'),
    CONSTRAINT prds_metadata_object CHECK (jsonb_typeof(metadata) = 'object'),
    -- an approved or published PRD always records who approved which content
    CONSTRAINT prds_approval_recorded CHECK (status NOT IN ('approved', 'published')
        OR (approved_by IS NOT NULL AND approved_at IS NOT NULL AND approved_content_hash IS NOT NULL))
);
CREATE INDEX prds_project_updated_idx ON prds (project_id, updated_at DESC);
CREATE INDEX prds_org_status_idx ON prds (organization_id, status);
CREATE INDEX prds_org_updated_idx ON prds (organization_id, updated_at DESC);
CREATE INDEX prds_template_idx ON prds (template_id) WHERE template_id IS NOT NULL;
CREATE INDEX prds_created_by_idx ON prds (created_by);
CREATE INDEX prds_metadata_idx ON prds USING GIN (metadata jsonb_path_ops);
CREATE INDEX prds_search_idx ON prds USING GIN (search_vector);
SELECT prdtool_track_table('prds');

-- ---------------------------------------------------------------- versions (append-only history)
CREATE TABLE prd_versions (
    id            UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    prd_id        UUID NOT NULL REFERENCES prds (id) ON DELETE CASCADE,
    version       VARCHAR(20) NOT NULL,
    content       TEXT NOT NULL,
    changelog     TEXT,
    metadata      JSONB NOT NULL DEFAULT '{}',
    restored_from VARCHAR(20),
    commit_hash   VARCHAR(40),
    created_by    UUID REFERENCES users (id),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT prd_versions_prd_version_key UNIQUE (prd_id, version),
    CONSTRAINT prd_versions_semver CHECK (version ~ '^[0-9]{1,6}\.[0-9]{1,6}\.[0-9]{1,6}$'),
    CONSTRAINT prd_versions_commit_hash_hex CHECK (commit_hash IS NULL OR commit_hash ~ '^[0-9a-f]{7,40}$')
);
CREATE INDEX prd_versions_prd_created_idx ON prd_versions (prd_id, created_at DESC);
CREATE INDEX prd_versions_commit_hash_idx ON prd_versions (commit_hash) WHERE commit_hash IS NOT NULL;
-- no organization column: the organization comes from the transaction setting Tx writes (prdtool.org)
SELECT prdtool_track_table('prd_versions');

-- ---------------------------------------------------------------- collaboration activity (projection of collab events)
-- One row per (PRD, user): fed by collab-service events, so that summaries need no cross-service join.
-- Derived data, rebuilt from events: not audited.
CREATE TABLE prd_collab_activity (
    prd_id           UUID NOT NULL REFERENCES prds (id) ON DELETE CASCADE,
    user_id          UUID NOT NULL,
    event_count      BIGINT NOT NULL DEFAULT 0,
    last_activity_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (prd_id, user_id)
);

-- ---------------------------------------------------------------- summary view (seed §8.1, aggregated before joining)
CREATE MATERIALIZED VIEW prd_summaries AS
SELECT p.id,
       p.organization_id,
       p.project_id,
       p.title,
       p.slug,
       p.status,
       p.current_version,
       p.created_by,
       p.created_at,
       p.updated_at,
       u.name                              AS created_by_name,
       u.avatar_url                        AS created_by_avatar,
       coalesce(v.version_count, 0)        AS version_count,
       coalesce(c.collaborator_count, 0)   AS collaborator_count,
       greatest(c.last_activity_at, p.updated_at) AS last_activity_at
FROM prds p
LEFT JOIN users u ON u.id = p.created_by
LEFT JOIN (SELECT prd_id, count(*) AS version_count FROM prd_versions GROUP BY prd_id) v ON v.prd_id = p.id
LEFT JOIN (SELECT prd_id, count(*) AS collaborator_count, max(last_activity_at) AS last_activity_at
           FROM prd_collab_activity GROUP BY prd_id) c ON c.prd_id = p.id;

-- the unique index REFRESH ... CONCURRENTLY needs
CREATE UNIQUE INDEX prd_summaries_id_idx ON prd_summaries (id);
CREATE INDEX prd_summaries_project_idx ON prd_summaries (project_id, last_activity_at DESC);
CREATE INDEX prd_summaries_org_status_idx ON prd_summaries (organization_id, status);
