package io.prdtool.collab.crdt;

/** A gap inside an update; never integrated into a document. */
public final class Skip extends Struct {

    Skip(long client, int clock, int length) {
        super(client, clock, length);
    }

    @Override
    boolean isDeleted() {
        return true;
    }

    @Override
    boolean mergeWith(Struct right) {
        if (!(right instanceof Skip)) {
            return false;
        }
        length += right.length;
        return true;
    }

    @Override
    void write(UpdateEncoder encoder, int offset) {
        encoder.writeInfo(10);
        encoder.writeRestVarUint(length - offset);
    }

    @Override
    void integrate(Transaction txn, int offset) {
        throw new IllegalStateException("Skip structs are never integrated");
    }

    @Override
    long getMissing(Transaction txn, StructStore store) {
        return -1;
    }

    @Override
    Struct sliceFrom(int diff) {
        return new Skip(client, clock + diff, length - diff);
    }
}
