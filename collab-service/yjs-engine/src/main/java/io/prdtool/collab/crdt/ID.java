package io.prdtool.collab.crdt;

/** Identifies one unit of content: the peer that created it and that peer's counter at the time. */
public record ID(long client, int clock) {

    static boolean equal(ID a, ID b) {
        return a == b || (a != null && b != null && a.client == b.client && a.clock == b.clock);
    }
}
