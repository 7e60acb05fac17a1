-- The operation log's rows stop carrying the document's state vector.
--
-- Every crdt_updates row stored the state vector of the document after it (state_vector), and every crdt_operations
-- row the same as JSON (vector_clock): O(clients the document has ever seen) bytes per keystroke, and every page load
-- is a new Yjs client id. Measured by OperationLogRowSizeTest (heap bytes of the update row plus its run rows, per
-- one-character keystroke): 605 with 10 client ids in the history and 7,717 with 1,000 before; 333 and 333 after.
-- Nothing read either column.
--
-- What the seed asked the vector clock to answer is answered without it: an operation is identified by
-- (client_id, clock, length); its order is update_id (a PRD's ids are allocated and committed in order under the
-- PRD's lock); the state it was applied to is every update of the PRD with a lower id (replay from the latest
-- document_snapshots row, which keeps its state vector, plus the tail). The columns stay, nullable and empty, so that
-- instances of the previous release keep working during a rolling update (their collab_append_updates still fills
-- them); a later migration drops them with that function.
ALTER TABLE crdt_updates ALTER COLUMN state_vector DROP NOT NULL;
ALTER TABLE crdt_operations ALTER COLUMN vector_clock DROP NOT NULL;

UPDATE crdt_updates SET state_vector = NULL WHERE state_vector IS NOT NULL;
UPDATE crdt_operations SET vector_clock = NULL WHERE vector_clock IS NOT NULL;

-- collab_append_updates (V4) without the state vectors: lock, catch-up read, update rows and run rows in one
-- statement. Same result shape.
CREATE FUNCTION collab_append_log(
    p_prd UUID, p_instance TEXT, p_after BIGINT,
    p_subjects TEXT[], p_sources TEXT[], p_updates BYTEA[],
    o_update INT[], o_type TEXT[], o_client BIGINT[], o_clock INT[], o_length INT[], o_kind TEXT[],
    o_content TEXT[], o_attributes TEXT[], o_parent TEXT[])
RETURNS TABLE (update_id BIGINT, foreign_update BYTEA)
LANGUAGE plpgsql AS $$
DECLARE
    ids BIGINT[] := '{}';
    new_id BIGINT;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('collab.document'), hashtext(p_prd::text));

    RETURN QUERY SELECT u.id, u.update_v1 FROM crdt_updates u
        WHERE u.prd_id = p_prd AND u.id > p_after AND u.instance_id IS DISTINCT FROM p_instance
        ORDER BY u.id;

    FOR i IN 1 .. coalesce(array_length(p_updates, 1), 0) LOOP
        INSERT INTO crdt_updates (prd_id, user_subject, source, update_v1, instance_id)
            VALUES (p_prd, p_subjects[i], p_sources[i], p_updates[i], p_instance)
            RETURNING id INTO new_id;
        ids := ids || new_id;
        update_id := new_id;
        foreign_update := NULL;
        RETURN NEXT;
    END LOOP;

    INSERT INTO crdt_operations (update_id, prd_id, user_subject, operation_type, client_id, clock, length,
            content_kind, content, attributes, parent)
        SELECT ids[r.u], p_prd, p_subjects[r.u], r.typ, r.client, r.clk, r.len, r.kind, r.content,
               r.attrs::jsonb, r.parent
        FROM unnest(o_update, o_type, o_client, o_clock, o_length, o_kind, o_content, o_attributes, o_parent)
            AS r(u, typ, client, clk, len, kind, content, attrs, parent);
END
$$;
