-- The SHA-256 of a PRD's content (64 lower-case hex digits of its UTF-8 bytes, as Hashes.sha256 computes it), stored
-- so that reading a PRD does not hash its content on every request.
--
-- A trigger keeps it: every write of content, whatever path it takes (API edits, imports, collaborative content,
-- version restores, SQL such as the benchmark's seed), recomputes it in the same statement, so it cannot disagree
-- with the content. (A generated column would say the same, but convert_to() is not immutable.) The code that changes
-- content also sets the entity's value, so write responses are current without a re-read.
ALTER TABLE prds ADD COLUMN content_hash CHAR(64);

CREATE FUNCTION prd_content_hash() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.content_hash := encode(sha256(convert_to(NEW.content, 'UTF8')), 'hex');
    RETURN NEW;
END
$$;

-- existing rows: filled here without firing the row-change capture or the updated_at maintenance (nothing a user
-- changed: no audit event, no new update time)
ALTER TABLE prds DISABLE TRIGGER USER;
UPDATE prds SET content_hash = encode(sha256(convert_to(content, 'UTF8')), 'hex');
ALTER TABLE prds ENABLE TRIGGER USER;
ALTER TABLE prds ALTER COLUMN content_hash SET NOT NULL;

CREATE TRIGGER prds_content_hash BEFORE INSERT OR UPDATE OF content ON prds
    FOR EACH ROW EXECUTE FUNCTION prd_content_hash();
-- fires also with session_replication_role = replica (bulk loads such as bench/seed.sql that skip the audit
-- capture): the hash must hold whatever wrote the row
ALTER TABLE prds ENABLE ALWAYS TRIGGER prds_content_hash;
