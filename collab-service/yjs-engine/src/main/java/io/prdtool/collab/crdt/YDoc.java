package io.prdtool.collab.crdt;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A Yjs-compatible document: named root types, the struct store, and the transaction life cycle.
 *
 * <p>
 * Not thread-safe: a server serialises access per document (one event loop or lock per room).
 */
public final class YDoc {

    private static final SecureRandom RANDOM = new SecureRandom();

    long clientId;
    /** Collect deleted content as Yjs does by default; turn off only for snapshots/undo history. */
    final boolean gc;
    final StructStore store = new StructStore();
    final LinkedHashMap<String, AbstractType> share = new LinkedHashMap<>();
    private Transaction current;
    private final List<Transaction> cleanups = new ArrayList<>();
    private final List<UpdateListener> updateListeners = new CopyOnWriteArrayList<>();

    public YDoc() {
        this(randomClientId());
    }

    public YDoc(long clientId) {
        this(clientId, true);
    }

    public YDoc(long clientId, boolean gc) {
        if (clientId < 0 || clientId > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("client id must be an unsigned 32-bit number");
        }
        this.clientId = clientId;
        this.gc = gc;
    }

    public static long randomClientId() {
        return RANDOM.nextInt() & 0xFFFFFFFFL;
    }

    public long clientId() {
        return clientId;
    }

    public YText getText(String name) {
        return get(name, YText.class, YText::new);
    }

    public YMap getMap(String name) {
        return get(name, YMap.class, YMap::new);
    }

    public YArray getArray(String name) {
        return get(name, YArray.class, YArray::new);
    }

    public YXmlFragment getXmlFragment(String name) {
        return get(name, YXmlFragment.class, YXmlFragment::new);
    }

    /** Root types by name, including ones only known from updates (not yet typed by a getter). */
    public Map<String, AbstractType> roots() {
        return java.util.Collections.unmodifiableMap(share);
    }

    /** A root type created from an update before anyone asked for it by kind. */
    AbstractType getOrCreateRoot(String name) {
        AbstractType t = share.get(name);
        if (t == null) {
            t = new AbstractType();
            t.rootName = name;
            t.integrate(this, null);
            share.put(name, t);
        }
        return t;
    }

    private <T extends AbstractType> T get(String name, Class<T> kind, Supplier<T> factory) {
        AbstractType t = share.get(name);
        if (t == null) {
            T created = factory.get();
            created.rootName = name;
            created.integrate(this, null);
            share.put(name, created);
            return created;
        }
        if (t.getClass() == AbstractType.class) {
            // the root was created by an update before its kind was known: adopt its content
            T typed = factory.get();
            typed.rootName = name;
            typed.map = t.map;
            for (Item last : t.map.values()) {
                for (Item n = last; n != null; n = n.left) {
                    n.parent = typed;
                }
            }
            typed.start = t.start;
            for (Item n = typed.start; n != null; n = n.right) {
                n.parent = typed;
            }
            typed.length = t.length;
            share.put(name, typed);
            typed.integrate(this, null);
            return typed;
        }
        if (t.getClass() != kind) {
            throw new IllegalArgumentException(
                    "root type '" + name + "' is a " + t.getClass().getSimpleName() + ", not a "
                            + kind.getSimpleName());
        }
        return kind.cast(t);
    }

    /**
     * Registers a listener for the binary update of each transaction.
     *
     * @return a handle that unregisters the listener
     */
    public Runnable onUpdate(UpdateListener listener) {
        updateListeners.add(listener);
        return () -> updateListeners.remove(listener);
    }

    /** Runs {@code body} as one local transaction (nested calls join the outer transaction). */
    public void transact(Consumer<Transaction> body) {
        transact(body, null, true);
    }

    public void transact(Consumer<Transaction> body, Object origin) {
        transact(body, origin, true);
    }

    void transact(Consumer<Transaction> body, Object origin, boolean local) {
        boolean initialCall = false;
        if (current == null) {
            initialCall = true;
            current = new Transaction(this, origin, local);
            cleanups.add(current);
        }
        try {
            body.accept(current);
        } finally {
            if (initialCall) {
                boolean finishCleanup = current == cleanups.get(0);
                current = null;
                if (finishCleanup) {
                    try {
                        // clean-up may start new transactions (formatting clean-up); they queue up here
                        for (int i = 0; i < cleanups.size(); i++) {
                            cleanup(cleanups.get(i));
                        }
                    } finally {
                        cleanups.clear();
                    }
                }
            }
        }
    }

    private void cleanup(Transaction txn) {
        DeleteSet ds = txn.deleteSet;
        try {
            ds.sortAndMerge();
            txn.afterState = store.stateVector();
            for (Map.Entry<AbstractType, java.util.Set<String>> e : txn.changed.entrySet()) {
                AbstractType type = e.getKey();
                if (type.item == null || !type.item.deleted()) {
                    type.callObserver(txn, e.getValue());
                }
            }
            if (txn.needFormattingCleanup) {
                YText.cleanupAfterTransaction(txn);
            }
        } finally {
            if (gc) {
                tryGcDeleteSet(ds);
            }
            tryMergeDeleteSet(ds);
            for (Map.Entry<Long, Integer> e : txn.afterState.entrySet()) {
                long client = e.getKey();
                int beforeClock = txn.beforeClock(client);
                if (beforeClock != e.getValue()) {
                    StructList structs = store.list(client);
                    int firstChangePos = Math.max(structs.findIndex(beforeClock), 1);
                    for (int i = structs.size - 1; i >= firstChangePos;) {
                        i -= 1 + tryToMergeWithLefts(structs, i);
                    }
                }
            }
            for (int i = txn.mergeStructs.size() - 1; i >= 0; i--) {
                Struct m = txn.mergeStructs.get(i);
                StructList structs = store.list(m.client);
                int replacedPos = structs.findIndex(m.clock);
                if (replacedPos + 1 < structs.size) {
                    if (tryToMergeWithLefts(structs, replacedPos + 1) > 1) {
                        continue;
                    }
                }
                if (replacedPos > 0) {
                    tryToMergeWithLefts(structs, replacedPos);
                }
            }
            if (!txn.local && !java.util.Objects.equals(txn.afterState.get(clientId), txn.beforeState.get(clientId))) {
                // another peer wrote with our client id; keep our future edits distinguishable
                clientId = randomClientId();
            }
            if (!updateListeners.isEmpty()) {
                byte[] update = encodeTransaction(txn);
                if (update != null) {
                    for (UpdateListener l : updateListeners) {
                        l.onUpdate(update, txn.origin, txn.local);
                    }
                }
            }
        }
    }

    private byte[] encodeTransaction(Transaction txn) {
        boolean structsChanged = false;
        for (Map.Entry<Long, Integer> e : txn.afterState.entrySet()) {
            if (!e.getValue().equals(txn.beforeState.get(e.getKey()))) {
                structsChanged = true;
                break;
            }
        }
        if (txn.deleteSet.isEmpty() && !structsChanged) {
            return null;
        }
        txn.deleteSet.sortAndMerge();
        UpdateEncoderV1 encoder = new UpdateEncoderV1();
        Updates.writeClientsStructs(encoder, store, txn.beforeState);
        txn.deleteSet.write(encoder);
        return encoder.toByteArray();
    }

    private static int tryToMergeWithLefts(StructList structs, int pos) {
        Struct right = structs.get(pos);
        Struct left;
        int i = pos;
        for (; i > 0; right = left, i--) {
            left = structs.get(i - 1);
            if (left.isDeleted() == right.isDeleted() && left.getClass() == right.getClass() && left.mergeWith(right)) {
                continue;
            }
            break;
        }
        int merged = pos - i;
        if (merged > 0) {
            structs.removeRange(pos + 1 - merged, merged);
        }
        return merged;
    }

    private void tryGcDeleteSet(DeleteSet ds) {
        for (Map.Entry<Long, List<DeleteSet.Range>> e : ds.clients.entrySet()) {
            StructList structs = store.list(e.getKey());
            List<DeleteSet.Range> ranges = e.getValue();
            for (int di = ranges.size() - 1; di >= 0; di--) {
                DeleteSet.Range r = ranges.get(di);
                int end = r.clock + r.len;
                for (int si = structs.findIndex(r.clock); si < structs.size; si++) {
                    Struct s = structs.get(si);
                    if (s.clock >= end) {
                        break;
                    }
                    if (s instanceof Item item && item.deleted() && !item.keep()) {
                        item.gc(store, false);
                    }
                }
            }
        }
    }

    private void tryMergeDeleteSet(DeleteSet ds) {
        for (Map.Entry<Long, List<DeleteSet.Range>> e : ds.clients.entrySet()) {
            StructList structs = store.list(e.getKey());
            List<DeleteSet.Range> ranges = e.getValue();
            for (int di = ranges.size() - 1; di >= 0; di--) {
                DeleteSet.Range r = ranges.get(di);
                int si = Math.min(structs.size - 1, 1 + structs.findIndex(r.clock + r.len - 1));
                while (si > 0 && structs.get(si).clock >= r.clock) {
                    si -= 1 + tryToMergeWithLefts(structs, si);
                }
            }
        }
    }
}
