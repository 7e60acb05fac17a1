-- Generates :n PRDs of realistic length (about 600-900 words of Markdown in 5 sections) in project :project of
-- organization :org, written by :author, plus their initial versions. Word choice follows a skewed (Zipf-like)
-- distribution over a product vocabulary and common English, so that common and rare terms behave as in real text.
-- Triggers (audit capture into the outbox) are skipped for the bulk load: it is benchmark data, not user activity.
\set ON_ERROR_STOP on
SET search_path = prd;
SET session_replication_role = replica;

CREATE TEMP TABLE vocab AS
SELECT row_number() OVER () AS i, w FROM unnest(string_to_array(
 'the user users team teams product feature features customer customers data page pages flow flows should must can '
 'will need needs to of and a in for with on that this is are be as by from it or at not we our they their when '
 'new first each all more than time week month day report reports dashboard dashboards export import search filter '
 'filters login account accounts billing invoice invoices payment payments refund refunds checkout cart order orders '
 'notification notifications email emails mobile web desktop api apis integration integrations slack jira '
 'confluence github gitlab webhook webhooks permission permissions role roles admin admins owner owners member '
 'members viewer viewers project projects document documents template templates version versions review reviews '
 'approval approvals approve publish published archive draft status workflow editor comments comment mention '
 'mentions share sharing link links upload uploads file files image images attachment attachments storage '
 'performance latency reliability availability scalability security privacy compliance audit soc2 encryption '
 'onboarding activation retention churn conversion funnel experiment experiments metric metrics kpi kpis goal goals '
 'non-goals scope risk risks dependency dependencies milestone milestones launch rollout beta feedback survey '
 'research interview interviews persona personas problem problems solution solutions requirement requirements '
 'acceptance criteria success measure measures baseline target targets increase reduce improve enable allow '
 'support supports provide provides ensure display show hide create update delete edit view open close save '
 'cancel retry fail fails failure error errors warning warnings limit limits quota quotas plan plans pricing tier '
 'tiers trial enterprise sso saml scim oauth token tokens session sessions cache caching queue queues event events '
 'kafka postgres database index indexes query queries sync offline online realtime collaboration collaborative '
 'cursor presence conflict conflicts merge history diff restore backup recovery region regions latency p95 '
 'accessibility wcag contrast keyboard screen reader localization translation language languages timezone calendar '
 'schedule reminder reminders digest weekly daily summary summaries analytics tracking consent cookie banner '
 'dark mode theme settings preference preferences profile avatar name address phone verification verified '
 'fraud vat tax receipt subscription renewal cancellation downgrade upgrade seat seats usage '
 '', ' ')) AS w WHERE w <> '';
CREATE TEMP TABLE titles AS
SELECT row_number() OVER () AS i, t FROM unnest(ARRAY[
 'One-click checkout', 'Invoice export', 'Refund flow', 'Single sign-on', 'Dark mode', 'Onboarding checklist',
 'Referral program', 'Usage-based pricing', 'Audit log', 'Mobile offline mode', 'Slack notifications',
 'Jira sync', 'Team permissions', 'Weekly digest email', 'Search filters', 'Accessibility pass',
 'Data retention policy', 'Seat management', 'Realtime presence', 'Version history', 'API rate limits',
 'Webhook retries', 'Localization', 'Custom templates', 'Analytics dashboard']) AS t;

CREATE TEMP TABLE gen AS
SELECT g,
       gen_random_uuid() AS id,
       (SELECT t FROM titles WHERE i = 1 + (g % 25)) || ' ' || (g / 25) AS title
FROM generate_series(1, :n) g;

-- one paragraph of k words. Three quarters come from the product vocabulary with a skewed (Zipf-like) draw, so
-- its first words are very common; the rest from a long tail of :vocab_tail synthetic words (skewed too), and about
-- 1 word in 20,000 is one of four genuinely rare words. Real documents look like this: a few terms everywhere,
-- most terms rare. (Words are drawn without an array of the tail: passing one per call made generation 5x slower.)
CREATE FUNCTION pg_temp.para(k int, words text[], tail int) RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT string_agg(CASE
           WHEN r < 0.75 THEN words[1 + floor(cardinality(words) * power(random(), 2.2))::int]
           WHEN r < 0.99995 THEN 'x' || substr(md5(floor(tail * power(random(), 1.5))::text), 1, 7)
           ELSE (ARRAY['quokka', 'zeppelin', 'gdpr', 'chargeback'])[1 + floor(random() * 4)::int] END, ' ') || '.'
  FROM (SELECT random() AS r FROM generate_series(1, k)) g
$$;

INSERT INTO prds (id, organization_id, project_id, title, slug, content, status, created_by, updated_by,
                  current_version, created_at, updated_at, approved_by, approved_at, approved_content_hash)
SELECT id, :'org', :'project', title, slug, content, status, :'author', :'author', '1.0.0', created_at, updated_at,
       -- published PRDs carry an approval of their content (the table's CHECK requires it)
       CASE WHEN status = 'published' THEN :'author'::uuid END,
       CASE WHEN status = 'published' THEN updated_at END,
       CASE WHEN status = 'published' THEN encode(sha256(convert_to(content, 'UTF8')), 'hex') END
FROM (
    SELECT id, title, 'bench-' || g AS slug,
           '# ' || title || E'\n\n## Problem\n\n' || pg_temp.para(120 + (random() * 60)::int, v.words, :vocab_tail)
           || E'\n\n## Goals\n\n' || pg_temp.para(90 + (random() * 60)::int, v.words, :vocab_tail)
           || E'\n\n## Requirements\n\n- ' || pg_temp.para(40, v.words, :vocab_tail) || E'\n- ' || pg_temp.para(40, v.words, :vocab_tail)
           || E'\n- ' || pg_temp.para(40, v.words, :vocab_tail)
           || E'\n\n## Success metrics\n\n' || pg_temp.para(80 + (random() * 40)::int, v.words, :vocab_tail)
           || E'\n\n## Risks\n\n' || pg_temp.para(60 + (random() * 60)::int, v.words, :vocab_tail) || E'\n' AS content,
           (ARRAY['draft', 'in_review', 'draft', 'published'])[1 + g % 4] AS status,
           now() - (random() * interval '365 days') AS created_at,
           now() - (random() * interval '180 days') AS updated_at
    FROM gen, (SELECT array_agg(w ORDER BY i) AS words FROM vocab) v
) s;

INSERT INTO prd_versions (prd_id, version, content, changelog, created_by)
SELECT id, '1.0.0', content, 'Initial version', created_by FROM prds WHERE project_id = :'project';

SET session_replication_role = origin;
ANALYZE prds;
ANALYZE prd_versions;
SELECT count(*) AS prds, pg_size_pretty(sum(length(content))) AS content,
       round(avg(array_length(regexp_split_to_array(content, '\s+'), 1))) AS avg_words
FROM prds WHERE project_id = :'project';
