package io.prdtool.collab.crdt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.prdtool.collab.crdt.lib0.Lib0FormatException;
import io.prdtool.collab.crdt.lib0.Lib0Reader;
import io.prdtool.collab.crdt.lib0.Lib0Writer;

/**
 * Yjs update messages (format v1, and v2 for reading): apply, encode the state of a document
 * (optionally relative to a peer's state vector), encode and decode state vectors.
 */
public final class Updates {

    private Updates() {
    }

    /** Applies a v1 update as a remote transaction. The update is validated completely first. */
    public static void applyUpdate(YDoc doc, byte[] update) {
        applyUpdate(doc, update, null);
    }

    public static void applyUpdate(YDoc doc, byte[] update, Object origin) {
        Decoded decoded = decode(update, false);
        apply(doc, decoded, origin);
    }

    /** Applies an update in format v2 (what Yjs's {@code encodeStateAsUpdateV2} produces). */
    public static void applyUpdateV2(YDoc doc, byte[] update) {
        applyUpdateV2(doc, update, null);
    }

    public static void applyUpdateV2(YDoc doc, byte[] update, Object origin) {
        Decoded decoded = decode(update, true);
        apply(doc, decoded, origin);
    }

    /** Checks that {@code update} is a well-formed v1 update without applying it. */
    public static void validate(byte[] update) {
        decode(update, false);
    }

    public static byte[] encodeStateAsUpdate(YDoc doc) {
        return encodeStateAsUpdate(doc, null);
    }

    /**
     * Everything {@code doc} has that a peer with {@code encodedTargetStateVector} lacks (null or an
     * empty vector: the whole document), in format v1.
     */
    public static byte[] encodeStateAsUpdate(YDoc doc, byte[] encodedTargetStateVector) {
        Map<Long, Integer> target = encodedTargetStateVector == null
                ? Map.of()
                : decodeStateVector(encodedTargetStateVector);
        StructStore store = doc.store;
        UpdateEncoderV1 encoder = new UpdateEncoderV1(target.isEmpty() ? estimateStateSize(store) : 256);
        if (store.pendingStructs == null && store.pendingDs == null) {
            writeClientsStructs(encoder, store, target);
            DeleteSet.fromStore(store).write(encoder);
        } else {
            writeStateWithPending(encoder, store, target);
        }
        return encoder.toByteArray();
    }

    /**
     * About the size of the whole state in v1 (a little more for text, whose deleted runs take one varUint each):
     * sizing the buffer once saves growing it by doubling, a copy of the whole update.
     */
    private static int estimateStateSize(StructStore store) {
        long bytes = 64;
        for (StructList structs : store.clients.values()) {
            bytes += 16;
            for (int i = 0; i < structs.size; i++) {
                bytes += 8 + structs.a[i].length;
            }
        }
        return (int) Math.min(bytes, 64L << 20);
    }

    /**
     * Like Yjs, the state of a document includes what is still waiting for dependencies, so that a
     * snapshot taken now loses nothing: per client the known structs, then the pending ones (gaps
     * as Skip structs), and the delete set merged with the pending deletions.
     */
    private static void writeStateWithPending(UpdateEncoder encoder, StructStore store, Map<Long, Integer> target) {
        java.util.TreeMap<Long, List<Struct>> byClient = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        Map<Long, Integer> firstOffset = new HashMap<>();
        for (Map.Entry<Long, StructList> e : store.clients.entrySet()) {
            long client = e.getKey();
            StructList structs = e.getValue();
            int clock = Math.max(target.getOrDefault(client, 0), structs.get(0).clock);
            if (structs.nextClock() <= clock) {
                continue;
            }
            int start = structs.findIndex(clock);
            List<Struct> list = new ArrayList<>(structs.size - start);
            for (int i = start; i < structs.size; i++) {
                list.add(structs.get(i));
            }
            firstOffset.put(client, clock - structs.get(start).clock);
            byClient.put(client, list);
        }
        if (store.pendingStructs != null) {
            for (Map.Entry<Long, List<Struct>> e : store.pendingStructs.clients.entrySet()) {
                long client = e.getKey();
                int targetClock = target.getOrDefault(client, 0);
                List<Struct> list = byClient.computeIfAbsent(client, c -> new ArrayList<>());
                for (Struct s : e.getValue()) {
                    long end = list.isEmpty()
                            ? targetClock
                            : (long) list.get(list.size() - 1).clock + list.get(list.size() - 1).length;
                    if (list.isEmpty() && s.clock < targetClock || !list.isEmpty() && s.clock < end) {
                        if ((long) s.clock + s.length <= end) {
                            continue;
                        }
                        s = s.sliceFrom((int) (end - s.clock));
                    }
                    if (!list.isEmpty() && s.clock > end) {
                        list.add(new Skip(client, (int) end, (int) (s.clock - end)));
                    }
                    Struct last = list.isEmpty() ? null : list.get(list.size() - 1);
                    if (last instanceof GC && s instanceof GC && last.clock + last.length == s.clock) {
                        list.set(list.size() - 1, new GC(client, last.clock, last.length + s.length));
                    } else {
                        list.add(s);
                    }
                }
                if (list.isEmpty()) {
                    byClient.remove(client);
                }
            }
        }
        encoder.writeRestVarUint(byClient.size());
        for (Map.Entry<Long, List<Struct>> e : byClient.entrySet()) {
            List<Struct> list = e.getValue();
            int offset = firstOffset.getOrDefault(e.getKey(), 0);
            encoder.writeRestVarUint(list.size());
            encoder.writeClient(e.getKey());
            encoder.writeRestVarUint(list.get(0).clock + offset);
            for (int i = 0; i < list.size(); i++) {
                Struct st = list.get(i);
                int off = i == 0 ? offset : 0;
                if (st instanceof Item item) {
                    item.write(encoder, off, true);
                } else {
                    st.write(encoder, off);
                }
            }
        }
        DeleteSet ds = DeleteSet.fromStore(store);
        if (store.pendingDs != null) {
            for (Map.Entry<Long, List<DeleteSet.Range>> e : store.pendingDs.clients.entrySet()) {
                for (DeleteSet.Range r : e.getValue()) {
                    ds.add(e.getKey(), r.clock, r.len);
                }
            }
            ds.sortAndMerge();
        }
        ds.write(encoder);
    }

    public static byte[] encodeStateVector(YDoc doc) {
        return encodeStateVector(doc.store.stateVector());
    }

    public static byte[] encodeStateVector(Map<Long, Integer> sv) {
        Lib0Writer w = new Lib0Writer();
        w.writeVarUint(sv.size());
        sv.entrySet().stream().sorted((a, b) -> Long.compare(b.getKey(), a.getKey())).forEach(e -> {
            w.writeVarUint(e.getKey());
            w.writeVarUint(e.getValue());
        });
        return w.toByteArray();
    }

    public static Map<Long, Integer> decodeStateVector(byte[] sv) {
        try {
            Lib0Reader r = new Lib0Reader(sv);
            int n = r.readCount();
            Map<Long, Integer> out = new HashMap<>();
            for (int i = 0; i < n; i++) {
                long client = r.readVarUint();
                out.put(client, r.readVarUintAsInt());
            }
            return out;
        } catch (Lib0FormatException e) {
            throw new MalformedUpdateException("malformed state vector: " + e.getMessage(), e);
        }
    }

    /** The document's state vector: next expected clock per client. */
    public static Map<Long, Integer> stateVector(YDoc doc) {
        return doc.store.stateVector();
    }

    static void writeClientsStructs(UpdateEncoder encoder, StructStore store, Map<Long, Integer> target) {
        Map<Long, Integer> sm = new HashMap<>();
        for (Map.Entry<Long, Integer> e : target.entrySet()) {
            if (store.getState(e.getKey()) > e.getValue()) {
                sm.put(e.getKey(), e.getValue());
            }
        }
        for (Long client : store.clients.keySet()) {
            if (!target.containsKey(client)) {
                sm.put(client, 0);
            }
        }
        encoder.writeRestVarUint(sm.size());
        sm.keySet().stream().sorted((a, b) -> Long.compare(b, a)).forEach(client -> {
            StructList structs = store.list(client);
            int clock = Math.max(sm.get(client), structs.get(0).clock);
            int start = structs.findIndex(clock);
            encoder.writeRestVarUint(structs.size - start);
            encoder.writeClient(client);
            encoder.writeRestVarUint(clock);
            Struct first = structs.get(start);
            first.write(encoder, clock - first.clock);
            for (int i = start + 1; i < structs.size; i++) {
                structs.get(i).write(encoder, 0);
            }
        });
    }

    /** A fully decoded and validated update, not yet touching any document. */
    static final class Decoded {

        final LinkedHashMap<Long, List<Struct>> structs = new LinkedHashMap<>();
        final DeleteSet ds = new DeleteSet();
    }

    static Decoded decode(byte[] update, boolean v2) {
        try {
            Lib0Reader reader = new Lib0Reader(update);
            UpdateDecoder d = v2 ? new UpdateDecoderV2(reader) : new UpdateDecoderV1(reader);
            Decoded out = new Decoded();
            int numClients = d.readRestCount();
            for (int c = 0; c < numClients; c++) {
                int numStructs = d.readRestCount();
                long client = d.readClient();
                long clock = d.readRestVarUint();
                if (out.structs.containsKey(client)) {
                    throw new MalformedUpdateException("client " + client + " appears twice in the update");
                }
                List<Struct> refs = new ArrayList<>(numStructs);
                out.structs.put(client, refs);
                for (int i = 0; i < numStructs; i++) {
                    checkClock(clock);
                    int info = d.readInfo();
                    Struct s;
                    switch (info & 0x1F) {
                        case 0 : {
                            int len = d.readLen();
                            s = new GC(client, (int) clock, positive(len));
                            break;
                        }
                        case 10 : {
                            long len = d.readRestVarUint();
                            checkClock(len);
                            s = new Skip(client, (int) clock, positive((int) len));
                            break;
                        }
                        default : {
                            boolean cantCopyParentInfo = (info & 0xC0) == 0;
                            ID origin = (info & 0x80) != 0 ? d.readLeftID() : null;
                            ID rightOrigin = (info & 0x40) != 0 ? d.readRightID() : null;
                            Object parentRef = null;
                            String parentSub = null;
                            if (cantCopyParentInfo) {
                                parentRef = d.readParentInfo() ? d.readString() : d.readLeftID();
                                if ((info & 0x20) != 0) {
                                    parentSub = d.readString();
                                }
                            }
                            Content content = Content.read(d, info & 0x1F);
                            checkOwnReference(client, clock, origin);
                            checkOwnReference(client, clock, rightOrigin);
                            if (parentRef instanceof ID pid) {
                                checkOwnReference(client, clock, pid);
                            }
                            s = new Item(client, (int) clock, null, origin, null, rightOrigin, null, parentRef,
                                    parentSub,
                                    content);
                        }
                    }
                    clock += s.length;
                    checkClock(clock);
                    refs.add(s);
                }
            }
            int dsClients = d.readRestCount();
            for (int c = 0; c < dsClients; c++) {
                d.resetDsCurVal();
                long client = d.readRestVarUint();
                int n = d.readRestCount();
                for (int i = 0; i < n; i++) {
                    int clock = d.readDsClock();
                    int len = d.readDsLen();
                    checkClock((long) clock + len);
                    if (len > 0) {
                        out.ds.add(client, clock, len);
                    }
                }
            }
            if (!v2 && d.hasRemaining()) {
                throw new MalformedUpdateException("trailing bytes after the delete set");
            }
            return out;
        } catch (Lib0FormatException | IllegalArgumentException | IllegalStateException e) {
            throw new MalformedUpdateException("malformed update: " + e.getMessage(), e);
        }
    }

    private static int positive(int len) {
        if (len <= 0) {
            throw new MalformedUpdateException("struct length must be positive");
        }
        return len;
    }

    private static void checkClock(long clock) {
        if (clock > Integer.MAX_VALUE || clock < 0) {
            throw new MalformedUpdateException("clock " + clock + " out of range");
        }
    }

    /** A reference to the same client must point backwards, otherwise integration could not resolve it. */
    private static void checkOwnReference(long client, long clock, ID ref) {
        if (ref != null && ref.client() == client && ref.clock() >= clock) {
            throw new MalformedUpdateException("struct " + client + ":" + clock + " refers forward to " + ref);
        }
    }

    private static void apply(YDoc doc, Decoded decoded, Object origin) {
        doc.transact(txn -> {
            txn.local = false;
            for (List<Struct> refs : decoded.structs.values()) {
                for (Struct s : refs) {
                    if (s instanceof Item item && item.parentRef instanceof String name) {
                        // Yjs creates named roots while decoding, even for structs that end up pending
                        doc.getOrCreateRoot(name);
                    }
                }
            }
            applyDecoded(txn, decoded.structs, decoded.ds);
        }, origin, false);
    }

    private static void applyDecoded(Transaction txn, Map<Long, List<Struct>> structs, DeleteSet ds) {
        StructStore store = txn.doc.store;
        PendingStructs rest = integrateStructs(txn, store, structs);
        boolean retry = false;
        PendingStructs pending = store.pendingStructs;
        if (pending != null) {
            for (Map.Entry<Long, Integer> e : pending.missing.entrySet()) {
                if (e.getValue() < store.getState(e.getKey())) {
                    retry = true;
                    break;
                }
            }
            if (rest != null) {
                for (Map.Entry<Long, Integer> e : rest.missing.entrySet()) {
                    pending.addMissing(e.getKey(), e.getValue());
                }
                for (Map.Entry<Long, List<Struct>> e : rest.clients.entrySet()) {
                    pending.merge(e.getKey(), e.getValue());
                }
            }
        } else {
            store.pendingStructs = rest;
        }
        DeleteSet dsRest = applyDeleteSet(txn, ds);
        if (store.pendingDs != null) {
            DeleteSet dsRest2 = applyDeleteSet(txn, store.pendingDs);
            if (dsRest != null && dsRest2 != null) {
                for (Map.Entry<Long, List<DeleteSet.Range>> e : dsRest2.clients.entrySet()) {
                    for (DeleteSet.Range r : e.getValue()) {
                        dsRest.add(e.getKey(), r.clock, r.len);
                    }
                }
                dsRest.sortAndMerge();
                store.pendingDs = dsRest;
            } else {
                store.pendingDs = dsRest != null ? dsRest : dsRest2;
            }
        } else {
            store.pendingDs = dsRest;
        }
        if (retry) {
            PendingStructs p = store.pendingStructs;
            store.pendingStructs = null;
            applyDecoded(txn, p.clients, new DeleteSet());
        }
    }

    private static final class Refs {

        List<Struct> refs;
        int i;

        Refs(List<Struct> refs) {
            this.refs = refs;
        }
    }

    /**
     * Integrates structs in causal order. A struct whose dependency is in another client's list
     * sends us to that list first (a stack, at most one entry per client); a dependency that is in
     * no list parks the struct and the rest of its client's list as pending.
     */
    private static PendingStructs integrateStructs(Transaction txn, StructStore store, Map<Long, List<Struct>> input) {
        HashMap<Long, Refs> clientsRefs = new HashMap<>();
        for (Map.Entry<Long, List<Struct>> e : input.entrySet()) {
            clientsRefs.put(e.getKey(), new Refs(e.getValue()));
        }
        ArrayList<Long> ids = new ArrayList<>(clientsRefs.keySet());
        ids.sort(Long::compare);
        if (ids.isEmpty()) {
            return null;
        }
        Refs cur = nextTarget(ids, clientsRefs);
        if (cur == null) {
            return null;
        }
        PendingStructs rest = new PendingStructs();
        ArrayDeque<Struct> stack = new ArrayDeque<>();
        HashMap<Long, Integer> state = new HashMap<>();
        Struct head = cur.refs.get(cur.i++);
        while (true) {
            if (!(head instanceof Skip)) {
                final long headClient = head.client;
                int localClock = state.computeIfAbsent(headClient, store::getState);
                long offset = (long) localClock - head.clock;
                if (offset < 0) {
                    stack.push(head);
                    rest.addMissing(headClient, head.clock - 1);
                    addStackToRest(stack, clientsRefs, ids, rest);
                } else {
                    long missing = head.getMissing(txn, store);
                    if (missing != -1) {
                        stack.push(head);
                        Refs r = clientsRefs.get(missing);
                        if (r == null || r.i == r.refs.size()) {
                            rest.addMissing(missing, store.getState(missing));
                            addStackToRest(stack, clientsRefs, ids, rest);
                        } else {
                            head = r.refs.get(r.i++);
                            continue;
                        }
                    } else if (offset == 0 || offset < head.length) {
                        head.integrate(txn, (int) offset);
                        state.put(headClient, head.clock + head.length);
                    }
                }
            }
            if (!stack.isEmpty()) {
                head = stack.pop();
            } else if (cur != null && cur.i < cur.refs.size()) {
                head = cur.refs.get(cur.i++);
            } else {
                cur = nextTarget(ids, clientsRefs);
                if (cur == null) {
                    break;
                }
                head = cur.refs.get(cur.i++);
            }
        }
        return rest.isEmpty() ? null : rest;
    }

    private static Refs nextTarget(ArrayList<Long> ids, HashMap<Long, Refs> clientsRefs) {
        while (!ids.isEmpty()) {
            Refs t = clientsRefs.get(ids.get(ids.size() - 1));
            if (t.i < t.refs.size()) {
                return t;
            }
            ids.remove(ids.size() - 1);
        }
        return null;
    }

    private static void addStackToRest(ArrayDeque<Struct> stack, HashMap<Long, Refs> clientsRefs, ArrayList<Long> ids,
            PendingStructs rest) {
        // oldest first, as the stack was built
        java.util.Iterator<Struct> it = stack.descendingIterator();
        while (it.hasNext()) {
            Struct item = it.next();
            long client = item.client;
            Refs inapplicable = clientsRefs.get(client);
            if (inapplicable != null) {
                inapplicable.i--;
                rest.clients.put(client,
                        new ArrayList<>(inapplicable.refs.subList(inapplicable.i, inapplicable.refs.size())));
                clientsRefs.remove(client);
                inapplicable.i = 0;
                inapplicable.refs = List.of();
            } else {
                rest.clients.put(client, new ArrayList<>(List.of(item)));
            }
            ids.remove(Long.valueOf(client));
        }
        stack.clear();
    }

    private static DeleteSet applyDeleteSet(Transaction txn, DeleteSet ds) {
        StructStore store = txn.doc.store;
        DeleteSet unapplied = new DeleteSet();
        for (Map.Entry<Long, List<DeleteSet.Range>> e : ds.clients.entrySet()) {
            long client = e.getKey();
            StructList structs = store.list(client);
            int state = store.getState(client);
            for (DeleteSet.Range r : e.getValue()) {
                int clock = r.clock;
                int clockEnd = r.clock + r.len;
                if (clock < state) {
                    if (state < clockEnd) {
                        unapplied.add(client, state, clockEnd - state);
                    }
                    int index = structs.findIndex(clock);
                    Struct struct = structs.get(index);
                    if (!struct.isDeleted() && struct.clock < clock) {
                        structs.insert(index + 1, ((Item) struct).split(txn, clock - struct.clock));
                        index++;
                    }
                    while (index < structs.size) {
                        struct = structs.get(index++);
                        if (struct.clock < clockEnd) {
                            if (!struct.isDeleted()) {
                                Item item = (Item) struct;
                                if (clockEnd < item.clock + item.length) {
                                    structs.insert(index, item.split(txn, clockEnd - item.clock));
                                }
                                item.delete(txn);
                            }
                        } else {
                            break;
                        }
                    }
                } else {
                    unapplied.add(client, clock, r.len);
                }
            }
        }
        return unapplied.isEmpty() ? null : unapplied;
    }
}
