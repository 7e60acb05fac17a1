package io.prdtool.collab.crdt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deleted clock ranges by client. Kept unsorted while collecting; {@link #sortAndMerge()} normalises. */
final class DeleteSet {

    static final class Range {

        final int clock;
        int len;

        Range(int clock, int len) {
            this.clock = clock;
            this.len = len;
        }
    }

    final Map<Long, List<Range>> clients = new LinkedHashMap<>();

    // runs of deletions by one client (decoding a document) hit the list of the previous call: no boxing, no hashing
    private long lastClient;
    private List<Range> lastRanges;

    void add(long client, int clock, int len) {
        List<Range> ranges = lastRanges;
        if (ranges == null || client != lastClient) {
            ranges = clients.computeIfAbsent(client, c -> new ArrayList<>());
            lastClient = client;
            lastRanges = ranges;
        }
        ranges.add(new Range(clock, len));
    }

    boolean isEmpty() {
        return clients.isEmpty();
    }

    void sortAndMerge() {
        for (List<Range> dels : clients.values()) {
            dels.sort((a, b) -> Integer.compare(a.clock, b.clock));
            int j = 1;
            for (int i = 1; i < dels.size(); i++) {
                Range left = dels.get(j - 1);
                Range right = dels.get(i);
                if ((long) left.clock + left.len >= right.clock) {
                    dels.set(j - 1, new Range(left.clock,
                            (int) Math.max(left.len, (long) right.clock + right.len - left.clock)));
                } else {
                    if (j < i) {
                        dels.set(j, right);
                    }
                    j++;
                }
            }
            while (dels.size() > j) {
                dels.remove(dels.size() - 1);
            }
        }
    }

    boolean contains(ID id) {
        List<Range> dels = clients.get(id.client());
        if (dels == null) {
            return false;
        }
        int lo = 0;
        int hi = dels.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Range r = dels.get(mid);
            if (r.clock <= id.clock()) {
                if (id.clock() < r.clock + r.len) {
                    return true;
                }
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return false;
    }

    static DeleteSet fromStore(StructStore store) {
        DeleteSet ds = new DeleteSet();
        for (Map.Entry<Long, StructList> e : store.clients.entrySet()) {
            StructList structs = e.getValue();
            List<Range> ranges = new ArrayList<>();
            for (int i = 0; i < structs.size; i++) {
                Struct s = structs.get(i);
                if (s.isDeleted()) {
                    int clock = s.clock;
                    int len = s.length;
                    while (i + 1 < structs.size && structs.get(i + 1).isDeleted()) {
                        len += structs.get(++i).length;
                    }
                    ranges.add(new Range(clock, len));
                }
            }
            if (!ranges.isEmpty()) {
                ds.clients.put(e.getKey(), ranges);
            }
        }
        return ds;
    }

    void write(UpdateEncoder encoder) {
        encoder.writeRestVarUint(clients.size());
        clients.keySet().stream().sorted((a, b) -> Long.compare(b, a)).forEach(client -> {
            encoder.resetDsCurVal();
            List<Range> ranges = clients.get(client);
            encoder.writeRestVarUint(client);
            encoder.writeRestVarUint(ranges.size());
            for (Range r : ranges) {
                encoder.writeDsClock(r.clock);
                encoder.writeDsLen(r.len);
            }
        });
    }
}
