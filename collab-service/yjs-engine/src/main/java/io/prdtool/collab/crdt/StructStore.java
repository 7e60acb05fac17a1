package io.prdtool.collab.crdt;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** All structs of a document by client, plus what arrived before its dependencies. */
final class StructStore {

    final HashMap<Long, StructList> clients = new HashMap<>();
    /** Structs waiting for missing dependencies, by client, sorted by clock. */
    PendingStructs pendingStructs;
    /** Deletions of clocks not yet received. */
    DeleteSet pendingDs;

    // most lookups hit the client of the previous one; a one-entry cache saves boxing and hashing
    private long lastClient = -1;
    private StructList lastList;

    /** The structs of {@code client}, or null. Lists are never removed, so the cache stays valid. */
    StructList list(long client) {
        if (client == lastClient && lastList != null) {
            return lastList;
        }
        StructList l = clients.get(client);
        if (l != null) {
            lastClient = client;
            lastList = l;
        }
        return l;
    }

    int getState(long client) {
        StructList l = list(client);
        return l == null ? 0 : l.nextClock();
    }

    Map<Long, Integer> stateVector() {
        Map<Long, Integer> sv = new HashMap<>(clients.size() * 2);
        for (Map.Entry<Long, StructList> e : clients.entrySet()) {
            sv.put(e.getKey(), e.getValue().nextClock());
        }
        return sv;
    }

    void addStruct(Struct s) {
        StructList l = list(s.client);
        if (l == null) {
            l = new StructList();
            clients.put(s.client, l);
        } else if (l.nextClock() != s.clock) {
            throw new IllegalStateException("struct " + s.id() + " does not continue clock " + l.nextClock());
        }
        l.add(s);
    }

    Struct find(ID id) {
        StructList l = list(id.client());
        if (l == null || id.clock() >= l.nextClock()) {
            throw new IllegalStateException("no struct for " + id);
        }
        return l.get(l.findIndex(id.clock()));
    }

    /** Like {@link #getItemCleanEnd}, but null when the clock is in a collected (GC) range. */
    Item getItemCleanEndOrNull(Transaction txn, ID id) {
        StructList l = list(id.client());
        int index = l.findIndex(id.clock());
        if (!(l.get(index) instanceof Item item)) {
            return null;
        }
        if (id.clock() != item.clock + item.length - 1) {
            l.insert(index + 1, item.split(txn, id.clock() - item.clock + 1));
        }
        return item;
    }

    /** Like {@link #getItemCleanStart}, but null when the clock is in a collected (GC) range. */
    Item getItemCleanStartOrNull(Transaction txn, ID id) {
        StructList l = list(id.client());
        int index = l.findIndex(id.clock());
        if (!(l.get(index) instanceof Item item)) {
            return null;
        }
        if (item.clock < id.clock()) {
            Item right = item.split(txn, id.clock() - item.clock);
            l.insert(index + 1, right);
            return right;
        }
        return item;
    }

    /** The item starting exactly at {@code id}, splitting the item that contains it. */
    Item getItemCleanStart(Transaction txn, ID id) {
        StructList l = list(id.client());
        int index = l.findIndex(id.clock());
        Item item = (Item) l.get(index);
        if (item.clock < id.clock()) {
            Item right = item.split(txn, id.clock() - item.clock);
            l.insert(index + 1, right);
            return right;
        }
        return item;
    }

    /** The item ending exactly at {@code id}, splitting the item that contains it. */
    Item getItemCleanEnd(Transaction txn, ID id) {
        StructList l = list(id.client());
        int index = l.findIndex(id.clock());
        Item item = (Item) l.get(index);
        if (id.clock() != item.clock + item.length - 1) {
            l.insert(index + 1, item.split(txn, id.clock() - item.clock + 1));
        }
        return item;
    }

    void replaceStruct(Struct old, Struct replacement) {
        StructList l = list(old.client);
        l.set(l.findIndex(old.clock), replacement);
    }

    /** Client ids sorted descending with their structs: the order Yjs writes them in. */
    LinkedHashMap<Long, StructList> sortedDescending() {
        LinkedHashMap<Long, StructList> out = new LinkedHashMap<>();
        clients.keySet().stream().sorted((a, b) -> Long.compare(b, a)).forEach(c -> out.put(c, clients.get(c)));
        return out;
    }
}
