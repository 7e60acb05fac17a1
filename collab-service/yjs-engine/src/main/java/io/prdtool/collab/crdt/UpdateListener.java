package io.prdtool.collab.crdt;

/** Receives the v1-encoded update of every transaction that changed the document. */
@FunctionalInterface
public interface UpdateListener {

    /**
     * @param update what a peer needs to apply to see this transaction
     * @param origin the origin given to {@code transact} or {@code applyUpdate} (may be null)
     * @param local  true for changes made through the API, false for applied remote updates
     */
    void onUpdate(byte[] update, Object origin, boolean local);
}
