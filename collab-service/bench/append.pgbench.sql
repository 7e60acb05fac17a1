-- pgbench script: the database's own cost of storing one keystroke, without our server, the network or the load
-- generator. One call of collab_append_log (V7) as a typed character produces it: one update, one insert run, spread
-- over 20 documents, with the caller caught up (nothing foreign to return). (Rounds before V7 called
-- collab_append_updates with a five-client state vector as well.)
--
--   PGOPTIONS='-c search_path=collab' pgbench -n -M prepared -c 1 -T 10 -f bench/append.pgbench.sql <database>
--
-- against a database migrated by collab-service (e.g. the local stack's). See README.md, "Fourth round".
\set d random(1, 20)
SELECT * FROM collab_append_log(
    ('00000000-0000-0000-0000-0000000000' || lpad(:d::text, 2, '0'))::uuid, 'pgbench', 9000000000000000000,
    ARRAY['user-1234567890'], ARRAY['websocket'],
    ARRAY['\x01010a8f9b0c00000000000000000000000000000000000000000000000000000000'::bytea],
    ARRAY[1], ARRAY['insert'], ARRAY[1234567::bigint], ARRAY[120], ARRAY[1], ARRAY['string'], ARRAY['x'],
    ARRAY[NULL::text], ARRAY['content']);
