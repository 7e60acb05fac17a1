-- pgbench script: the statement GET /api/v1/prds/{id} runs (PrdReads.GET_SQL, one per request once the caller's
-- user and token are cached), for the same 2,000 random PRD ids as get-prd.lua. run.sh runs it with -M prepared (so
-- :uid and :k are bind parameters, as the service's $1/$2 are), search_path=prd, -D uid=<the caller's user id>
-- -D nids=<ids>. The id is looked up in public.bench_ids (n -> id) inside the same statement, since pgbench cannot
-- draw a UUID from a list: one extra primary-key probe of a 2,000-row table per transaction.
-- PrdReadsSqlTest keeps this file equal to PrdReads.GET_SQL.
\set k random(1, :nids)
SELECT p.id, p.organization_id, p.project_id, p.title, p.slug, p.status, p.current_version, p.content, p.content_hash, p.metadata::text AS metadata, p.template_id, p.approver_ids, p.approved_by, p.approved_at, p.approved_content_hash, p.created_by, p.updated_by, p.created_at, p.updated_at FROM prds p JOIN organization_members m ON m.organization_id = p.organization_id AND m.user_id = :uid JOIN organizations o ON o.id = p.organization_id AND o.is_active WHERE p.id = (SELECT id FROM public.bench_ids WHERE n = :k);
