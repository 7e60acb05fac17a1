-- Storing a keystroke: make each crdt_operations row cheaper to write.
--
-- The rows are written only by collab_append_updates, in the same statement as the crdt_updates row they belong to,
-- and the log is append-only (nothing deletes updates). The foreign key bought nothing there, yet its check ran for
-- every run of every update: a lookup of the parent row plus a row lock on it (a write to crdt_updates' heap). Without
-- the key, the index on update_id that existed for its cascade has no reader either; a document's runs are read by
-- (prd_id, update_id).
ALTER TABLE crdt_operations DROP CONSTRAINT crdt_operations_update_id_fkey;
DROP INDEX crdt_operations_update_idx;
