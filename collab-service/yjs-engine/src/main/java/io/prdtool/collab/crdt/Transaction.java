package io.prdtool.collab.crdt;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A batch of changes to one document. Observers, garbage collection, struct merging and the update
 * event all happen once, when the outermost transaction ends.
 */
public final class Transaction {

    final YDoc doc;
    final DeleteSet deleteSet = new DeleteSet();
    final Map<Long, Integer> beforeState;
    Map<Long, Integer> afterState;
    /** Types changed in this transaction and the map keys (null = list content) that changed. */
    final LinkedHashMap<AbstractType, Set<String>> changed = new LinkedHashMap<>();
    final List<Struct> mergeStructs = new ArrayList<>();
    final Object origin;
    boolean local;
    boolean needFormattingCleanup;
    /** The last entry {@link #addChangedType} recorded, so that repeating it costs no hashing. */
    private AbstractType lastChangedType;
    private String lastChangedSub;

    Transaction(YDoc doc, Object origin, boolean local) {
        this.doc = doc;
        this.origin = origin;
        this.local = local;
        this.beforeState = doc.store.stateVector();
    }

    public YDoc doc() {
        return doc;
    }

    public Object origin() {
        return origin;
    }

    /** True for changes made through this document's API, false for applied updates. */
    public boolean isLocal() {
        return local;
    }

    int beforeClock(long client) {
        Integer c = beforeState.get(client);
        return c == null ? 0 : c;
    }

    ID nextId() {
        return new ID(doc.clientId, doc.store.getState(doc.clientId));
    }

    void addChangedType(AbstractType type, String parentSub) {
        if (type == lastChangedType && java.util.Objects.equals(parentSub, lastChangedSub)) {
            // already recorded: integrating a run of items into one type (decoding a document) repeats this call
            return;
        }
        Item item = type.item;
        if (item == null || (item.clock < beforeClock(item.client) && !item.deleted())) {
            changed.computeIfAbsent(type, t -> new HashSet<>()).add(parentSub);
            lastChangedType = type;
            lastChangedSub = parentSub;
        }
    }

    void removeChangedType(AbstractType type) {
        changed.remove(type);
        lastChangedType = null;
        lastChangedSub = null;
    }
}
