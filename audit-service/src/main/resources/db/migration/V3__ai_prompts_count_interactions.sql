-- user_activity_summary.ai_prompts counted every event on prdtool.ai.events; since ai-service publishes a start, an
-- end, suggestions, critiques and budget notices, it now counts AI requests: one per interaction that ended
-- (completed, failed or cancelled), the same number whatever else an interaction caused.
DROP MATERIALIZED VIEW user_activity_summary;
CREATE MATERIALIZED VIEW user_activity_summary AS
SELECT organization_id,
       actor,
       max(user_id::text)::uuid                                            AS user_id,
       count(*) FILTER (WHERE action = 'PrdCreated')                       AS prds_created,
       count(*) FILTER (WHERE action = 'PrdVersionCreated')                AS versions_created,
       count(*) FILTER (WHERE topic = 'prdtool.ai.events'
           AND action IN ('AiInteractionCompleted', 'AiInteractionFailed', 'AiInteractionCancelled'))
                                                                           AS ai_prompts,
       count(*) FILTER (WHERE topic = 'prdtool.collab.events')             AS collaboration_events,
       count(*)                                                            AS total_events,
       max(created_at)                                                     AS last_active_at
FROM activity_logs
WHERE organization_id IS NOT NULL AND actor IS NOT NULL
GROUP BY organization_id, actor
WITH DATA;
CREATE UNIQUE INDEX user_activity_summary_key ON user_activity_summary (organization_id, actor);
CREATE INDEX user_activity_summary_user_idx ON user_activity_summary (organization_id, user_id);
CREATE INDEX user_activity_summary_last_active_idx ON user_activity_summary (organization_id, last_active_at DESC);
