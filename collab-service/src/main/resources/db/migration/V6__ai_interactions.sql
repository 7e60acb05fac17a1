-- AI actions ai-service runs for a user on a PRD (AiInteraction* events on prdtool.ai.events): while one runs, the
-- presence read shows that user's sessions on that PRD as ai-prompting. Every instance reads this one table, whichever
-- instance consumed the events.
--
-- An interaction's end may arrive before its start (a redelivery): the end is stored on its own (started_at null) and
-- the start that follows finds it, so nobody is left prompting. A start without an end stops counting at expires_at
-- (started_at + prdtool.collab.presence.ai-prompting-max): a crashed ai-service never leaves someone prompting. Rows
-- are deleted once expires_at has passed; an end is kept at least that long after it, longer than its start can
-- still count.
CREATE TABLE ai_interactions (
    interaction_id UUID PRIMARY KEY,
    prd_id         UUID,                    -- from the start (or from an end that came first)
    user_subject   VARCHAR(255),            -- the token subject of the user the action runs for
    started_at     TIMESTAMPTZ,             -- null: only its end has arrived
    ended_at       TIMESTAMPTZ,             -- null: still running
    expires_at     TIMESTAMPTZ NOT NULL
);
-- the presence read: running interactions of a PRD's users
CREATE INDEX ai_interactions_running_idx ON ai_interactions (prd_id, user_subject)
    WHERE started_at IS NOT NULL AND ended_at IS NULL;
CREATE INDEX ai_interactions_expires_idx ON ai_interactions (expires_at);
