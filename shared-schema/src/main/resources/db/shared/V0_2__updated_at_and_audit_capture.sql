-- Shared by every service (shared-schema, classpath:db/shared). Never edit after it has landed.

-- updated_at maintained by the database, whatever the writer forgets.
CREATE OR REPLACE FUNCTION prdtool_set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

-- Row-change capture: one RowChanged event per inserted/updated/deleted row, into this schema's outbox, in the
-- same transaction. The actor comes from the transaction setting prdtool.actor (set by Tx), never from the row.
-- TG_ARGV[0]: the id column (default id); TG_ARGV[1]: the organization column (default organization_id).
-- A key that is not a UUID becomes a name-based UUID (md5) and is kept verbatim in recordKey.
CREATE OR REPLACE FUNCTION prdtool_audit_capture() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    old_row   JSONB;
    new_row   JSONB;
    row_data  JSONB;
    id_column TEXT := coalesce(TG_ARGV[0], 'id');
    org_column TEXT := coalesce(TG_ARGV[1], 'organization_id');
    record_key TEXT;
    record_id UUID;
    org_id    UUID;
    actor     TEXT := nullif(current_setting('prdtool.actor', true), '');
BEGIN
    IF TG_OP <> 'INSERT' THEN old_row := to_jsonb(OLD); END IF;
    IF TG_OP <> 'DELETE' THEN new_row := to_jsonb(NEW); END IF;
    IF TG_OP = 'UPDATE' AND old_row = new_row THEN
        RETURN NULL; -- nothing changed: no event
    END IF;
    row_data := coalesce(new_row, old_row);
    IF id_column LIKE '%,%' THEN
        SELECT string_agg(row_data ->> trim(c), ',') INTO record_key FROM unnest(string_to_array(id_column, ',')) c;
    ELSE
        record_key := row_data ->> id_column;
    END IF;
    IF record_key ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
        record_id := record_key::uuid;
    ELSE
        record_id := md5(TG_TABLE_NAME || ':' || coalesce(record_key, ''))::uuid;
    END IF;
    BEGIN
        org_id := coalesce((row_data ->> org_column)::uuid, nullif(current_setting('prdtool.org', true), '')::uuid);
    EXCEPTION WHEN invalid_text_representation THEN
        org_id := NULL;
    END;
    INSERT INTO ${flyway:defaultSchema}.outbox (topic, event_type, schema_version, aggregate_type, aggregate_id,
        organization_id, payload, actor, client_ip, user_agent)
    VALUES ('prdtool.audit.changes', 'RowChanged', 1, TG_TABLE_NAME, record_id, org_id,
        jsonb_build_object(
            'service', TG_TABLE_SCHEMA,
            'table', TG_TABLE_NAME,
            'operation', TG_OP,
            'recordId', record_id,
            'recordKey', record_key,
            'organizationId', org_id,
            'oldRow', old_row,
            'newRow', new_row,
            'changedBy', actor,
            'changedAt', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')),
        actor,
        nullif(current_setting('prdtool.client_ip', true), ''),
        nullif(current_setting('prdtool.user_agent', true), ''));
    RETURN NULL;
END
$$;

-- Attaches row-change capture (and, if the table has updated_at, its maintenance) to a domain table. Call it in the
-- migration that creates the table:  SELECT prdtool_track_table('prds');
--   composite key:                   SELECT prdtool_track_table('organization_members', 'organization_id,user_id');
--   the organizations table itself:  SELECT prdtool_track_table('organizations', 'id', 'id');
CREATE OR REPLACE FUNCTION prdtool_track_table(tbl REGCLASS, id_column TEXT DEFAULT 'id',
    org_column TEXT DEFAULT 'organization_id') RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    table_name TEXT := (SELECT relname FROM pg_class WHERE oid = tbl);
BEGIN
    EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', table_name || '_audit', tbl);
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW'
        || ' EXECUTE FUNCTION ${flyway:defaultSchema}.prdtool_audit_capture(%L, %L)',
        table_name || '_audit', tbl, id_column, org_column);
    IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl AND attname = 'updated_at' AND NOT attisdropped) THEN
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %s', table_name || '_updated_at', tbl);
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %s FOR EACH ROW'
            || ' EXECUTE FUNCTION ${flyway:defaultSchema}.prdtool_set_updated_at()', table_name || '_updated_at', tbl);
    END IF;
END
$$;
