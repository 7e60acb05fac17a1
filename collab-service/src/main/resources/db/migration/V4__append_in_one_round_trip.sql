-- Appending to the operation log in one round trip, and catching up in the same statement.
--
-- Before: BEGIN, the PRD's advisory lock, INSERT updates, INSERT runs, COMMIT = five round trips per batch, paid on the
-- path between a keystroke and its broadcast. Now one statement (its own transaction) does all of it under the same
-- lock and also returns what other instances stored since the caller last caught up, so a writer never needs a
-- separate catch-up read.

-- Which instance stored a row (null: rows stored before this column existed). Lets an instance skip its own rows when
-- it reads the log for what others wrote.
ALTER TABLE crdt_updates ADD COLUMN instance_id VARCHAR(64);

-- p_after: the caller's "every update up to this id is in my copy". Returns, in id order, first the updates other
-- instances committed after p_after (bytes included), then the ids of the rows just appended (bytes null). Arrays
-- p_* describe the updates (one element each), o_* their runs (o_update is the 1-based index of the run's update).
CREATE FUNCTION collab_append_updates(
    p_prd UUID, p_instance TEXT, p_after BIGINT,
    p_subjects TEXT[], p_sources TEXT[], p_updates BYTEA[], p_state_vectors BYTEA[], p_vector_clocks TEXT[],
    o_update INT[], o_type TEXT[], o_client BIGINT[], o_clock INT[], o_length INT[], o_kind TEXT[],
    o_content TEXT[], o_attributes TEXT[], o_parent TEXT[])
RETURNS TABLE (update_id BIGINT, foreign_update BYTEA)
LANGUAGE plpgsql AS $$
DECLARE
    ids BIGINT[] := '{}';
    new_id BIGINT;
BEGIN
    -- every writer of this PRD's log takes this lock (it is the only writer): ids of one PRD are
    -- allocated and committed in order, so "id <= n" is a stable prefix
    PERFORM pg_advisory_xact_lock(hashtext('collab.document'), hashtext(p_prd::text));

    RETURN QUERY SELECT u.id, u.update_v1 FROM crdt_updates u
        WHERE u.prd_id = p_prd AND u.id > p_after AND u.instance_id IS DISTINCT FROM p_instance
        ORDER BY u.id;

    FOR i IN 1 .. coalesce(array_length(p_updates, 1), 0) LOOP
        INSERT INTO crdt_updates (prd_id, user_subject, source, update_v1, state_vector, instance_id)
            VALUES (p_prd, p_subjects[i], p_sources[i], p_updates[i], p_state_vectors[i], p_instance)
            RETURNING id INTO new_id;
        ids := ids || new_id;
        update_id := new_id;
        foreign_update := NULL;
        RETURN NEXT;
    END LOOP;

    INSERT INTO crdt_operations (update_id, prd_id, user_subject, operation_type, client_id, clock, length,
            content_kind, content, attributes, parent, vector_clock)
        SELECT ids[r.u], p_prd, p_subjects[r.u], r.typ, r.client, r.clk, r.len, r.kind, r.content,
               r.attrs::jsonb, r.parent, p_vector_clocks[r.u]::jsonb
        FROM unnest(o_update, o_type, o_client, o_clock, o_length, o_kind, o_content, o_attributes, o_parent)
            AS r(u, typ, client, clk, len, kind, content, attrs, parent);
END
$$;
