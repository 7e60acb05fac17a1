package io.prdtool.collab.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.prdtool.collab.crdt.lib0.Lib0Reader;
import io.prdtool.collab.crdt.lib0.Lib0Writer;

/**
 * The awareness (presence) states of one room as the server relays them: per Yjs client id the latest clock and JSON
 * state, and which connection announced it (so its states can be nulled when the connection closes).
 * <p>
 * A Yjs client id belongs to the user whose connection announced it first (until it is removed): entries that another
 * user's connection sends for it (a changed state, a removal) are neither recorded nor relayed, so nobody can rename,
 * move or hide someone else's cursor. States held for another instance's connections belong to nobody here.
 */
public final class Awareness {

    /** One client's entry of an awareness update; {@code state} is JSON text, {@code "null"} when the client left. */
    public record Entry(long clientId, long clock, String state) {

        public boolean removed() {
            return "null".equals(state);
        }
    }

    /** {@code subject} is the owning user; null for states relayed from another instance. */
    private record Held(long clock, String state, String connectionId, String subject) {
    }

    private final Map<Long, Held> states = new ConcurrentHashMap<>();
    /** The highest clock seen per client, removals included (y-protocols' awareness meta). */
    private final Map<Long, Long> clocks = new ConcurrentHashMap<>();

    /** Decodes an awareness update (the payload of a type-1 message). */
    public static List<Entry> decode(byte[] update) {
        Lib0Reader r = new Lib0Reader(update);
        int n = r.readCount();
        List<Entry> entries = new ArrayList<>(Math.min(n, 64));
        for (int i = 0; i < n; i++) {
            entries.add(new Entry(r.readVarUint(), r.readVarUint(), r.readVarString()));
        }
        return entries;
    }

    public static byte[] encode(Collection<Entry> entries) {
        Lib0Writer w = new Lib0Writer();
        w.writeVarUint(entries.size());
        for (Entry e : entries) {
            w.writeVarUint(e.clientId());
            w.writeVarUint(e.clock());
            w.writeVarString(e.state());
        }
        return w.toByteArray();
    }

    /**
     * Records the entries a connection sent and returns them as they are to be relayed. An entry whose clock is not
     * above the last one this room saw for that client (typically a client re-announcing itself after a reconnect,
     * when the others already hold the server's removal at a higher clock) gets that clock plus one, or every peer
     * would ignore it as outdated. {@code ownClientId} is the client id the connection announced first (its own).
     * Entries for a client id another user holds are dropped (see the class comment).
     */
    public synchronized List<Entry> apply(List<Entry> entries, String connectionId, String subject,
            long ownClientId) {
        List<Entry> relayed = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            Held held = states.get(e.clientId());
            if (held != null && !subject.equals(held.subject())) {
                continue; // someone else's state (or an echo of it): not this connection's to change
            }
            Long last = clocks.get(e.clientId());
            // only a connection's own client, and only over a removal: clients echo others' states unchanged
            boolean reannounce = e.clientId() == ownClientId && !e.removed() && last != null && e.clock() <= last
                    && !states.containsKey(e.clientId());
            Entry r = reannounce ? new Entry(e.clientId(), last + 1, e.state()) : e;
            record(r, connectionId, subject);
            relayed.add(r);
        }
        return relayed;
    }

    /** Records entries another instance has already relayed (their clocks are final). */
    public synchronized void applyRemote(List<Entry> entries) {
        entries.forEach(e -> record(e, "remote", null));
    }

    private void record(Entry e, String connectionId, String subject) {
        clocks.merge(e.clientId(), e.clock(), Math::max);
        if (e.removed()) {
            states.remove(e.clientId());
        } else {
            states.put(e.clientId(), new Held(e.clock(), e.state(), connectionId, subject));
        }
    }

    /** Every known state, for a newcomer or a query-awareness message; null when there is none. */
    public byte[] encodeAll() {
        if (states.isEmpty()) {
            return null;
        }
        List<Entry> all = new ArrayList<>();
        states.forEach((client, held) -> all.add(new Entry(client, held.clock(), held.state())));
        return encode(all);
    }

    /** Forgets the states a connection announced and returns the removal update to relay; null when it had none. */
    public synchronized byte[] removeConnection(String connectionId) {
        List<Entry> removed = new ArrayList<>();
        states.forEach((client, held) -> {
            if (connectionId.equals(held.connectionId()) && states.remove(client, held)) {
                removed.add(new Entry(client, held.clock() + 1, "null"));
                clocks.merge(client, held.clock() + 1, Math::max);
            }
        });
        return removed.isEmpty() ? null : encode(removed);
    }
}
