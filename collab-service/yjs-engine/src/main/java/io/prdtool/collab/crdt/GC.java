package io.prdtool.collab.crdt;

/** A garbage-collected tombstone: only its id range survives. */
public final class GC extends Struct {

    GC(long client, int clock, int length) {
        super(client, clock, length);
    }

    @Override
    boolean isDeleted() {
        return true;
    }

    @Override
    boolean mergeWith(Struct right) {
        if (!(right instanceof GC)) {
            return false;
        }
        length += right.length;
        return true;
    }

    @Override
    void write(UpdateEncoder encoder, int offset) {
        encoder.writeInfo(0);
        encoder.writeLen(length - offset);
    }

    @Override
    void integrate(Transaction txn, int offset) {
        if (offset > 0) {
            clock += offset;
            length -= offset;
        }
        txn.doc.store.addStruct(this);
    }

    @Override
    long getMissing(Transaction txn, StructStore store) {
        return -1;
    }

    @Override
    Struct sliceFrom(int diff) {
        return new GC(client, clock + diff, length - diff);
    }
}
