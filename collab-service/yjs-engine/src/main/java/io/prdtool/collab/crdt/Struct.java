package io.prdtool.collab.crdt;

/**
 * A run of consecutive clocks of one client: an {@link Item} (content), a {@link GC} (collected
 * tombstone) or a {@link Skip} (a gap, only inside updates).
 */
public abstract sealed class Struct permits Item, GC, Skip {

    final long client;
    int clock;
    int length;

    Struct(long client, int clock, int length) {
        this.client = client;
        this.clock = clock;
        this.length = length;
    }

    public ID id() {
        return new ID(client, clock);
    }

    public long client() {
        return client;
    }

    public int clock() {
        return clock;
    }

    public int length() {
        return length;
    }

    abstract boolean isDeleted();

    abstract boolean mergeWith(Struct right);

    abstract void write(UpdateEncoder encoder, int offset);

    abstract void integrate(Transaction txn, int offset);

    /** The client id of a dependency not yet in the store, or -1 when all are present. */
    abstract long getMissing(Transaction txn, StructStore store);

    /** A copy of this not-yet-integrated struct without its first {@code diff} clocks. */
    abstract Struct sliceFrom(int diff);
}
