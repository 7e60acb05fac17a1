package io.prdtool.collab.crdt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Structs received before their dependencies, and the lowest missing clock per client. */
final class PendingStructs {

    final Map<Long, List<Struct>> clients = new HashMap<>();
    final Map<Long, Integer> missing = new HashMap<>();

    boolean isEmpty() {
        return clients.isEmpty();
    }

    void addMissing(long client, int clock) {
        Integer m = missing.get(client);
        if (m == null || m > clock) {
            missing.put(client, clock);
        }
    }

    /** Adds structs of a client, dropping clocks already held (as Yjs's update merging does). */
    void merge(long client, List<Struct> structs) {
        List<Struct> existing = clients.get(client);
        List<Struct> all = new ArrayList<>(structs.size() + (existing == null ? 0 : existing.size()));
        if (existing != null) {
            all.addAll(existing);
        }
        all.addAll(structs);
        all.sort(
                (a, b) -> a.clock != b.clock ? Integer.compare(a.clock, b.clock) : Integer.compare(b.length, a.length));
        List<Struct> out = new ArrayList<>(all.size());
        long end = Long.MIN_VALUE;
        for (Struct s : all) {
            if (s instanceof Skip) {
                continue;
            }
            long sEnd = (long) s.clock + s.length;
            if (sEnd <= end) {
                continue;
            }
            if (s.clock < end) {
                s = s.sliceFrom((int) (end - s.clock));
            }
            out.add(s);
            end = sEnd;
        }
        clients.put(client, out);
    }
}
