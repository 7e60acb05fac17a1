package io.prdtool.collab.crdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.prdtool.collab.crdt.lib0.Lib0Writer;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Hostile input is rejected with {@link MalformedUpdateException} and leaves the document untouched. */
class MalformedUpdateTest {

    private static YDoc documentWithHistory() {
        RandomEditor.Session s = RandomEditor.session(7, 15);
        YDoc d = new YDoc(99);
        Updates.applyUpdate(d, Updates.encodeStateAsUpdate(s.docs().get(0)));
        return d;
    }

    private static byte[] someUpdate(long seed) {
        RandomEditor.Session s = RandomEditor.session(seed, 15);
        return Updates.encodeStateAsUpdate(s.docs().get(1));
    }

    private static void assertRejectedWithoutChange(YDoc doc, byte[] update) {
        byte[] before = Updates.encodeStateAsUpdate(doc);
        assertThatThrownBy(() -> Updates.applyUpdate(doc, update)).isInstanceOf(MalformedUpdateException.class);
        assertThat(Updates.encodeStateAsUpdate(doc)).isEqualTo(before);
    }

    @Test
    void everyTruncationOfAnUpdateIsRejected() {
        byte[] update = someUpdate(11);
        YDoc doc = documentWithHistory();
        for (int len = 0; len < update.length; len++) {
            assertRejectedWithoutChange(doc, Arrays.copyOf(update, len));
        }
    }

    @Test
    void trailingGarbageIsRejected() {
        byte[] update = someUpdate(12);
        byte[] longer = Arrays.copyOf(update, update.length + 3);
        assertRejectedWithoutChange(documentWithHistory(), longer);
    }

    @Test
    void oversizedCountsAndLengthsAreRejectedBeforeAllocating() {
        Lib0Writer w = new Lib0Writer();
        w.writeVarUint(Integer.MAX_VALUE); // claims 2^31 clients in a 5-byte message
        assertRejectedWithoutChange(documentWithHistory(), w.toByteArray());

        Lib0Writer s = new Lib0Writer();
        s.writeVarUint(1);
        s.writeVarUint(1);
        s.writeVarUint(5);
        s.writeVarUint(0);
        s.writeByte(4 | 0x80); // string item with origin
        s.writeVarUint(5);
        s.writeVarUint(0);
        s.writeVarUint(1L << 40); // string length far beyond the message
        assertRejectedWithoutChange(documentWithHistory(), s.toByteArray());
    }

    @Test
    void clockOverflowIsRejected() {
        Lib0Writer w = new Lib0Writer();
        w.writeVarUint(1);
        w.writeVarUint(2);
        w.writeVarUint(5);
        w.writeVarUint(Integer.MAX_VALUE - 1L);
        w.writeByte(0); // GC
        w.writeVarUint(10);
        w.writeByte(0);
        w.writeVarUint(10);
        w.writeVarUint(0);
        assertRejectedWithoutChange(documentWithHistory(), w.toByteArray());
    }

    @Test
    void unknownContentKindIsRejected() {
        Lib0Writer w = new Lib0Writer();
        w.writeVarUint(1);
        w.writeVarUint(1);
        w.writeVarUint(5);
        w.writeVarUint(0);
        w.writeByte(17);
        w.writeVarUint(0);
        assertRejectedWithoutChange(documentWithHistory(), w.toByteArray());
    }

    @Test
    void aStructReferringForwardToItsOwnClientIsRejected() {
        Lib0Writer w = new Lib0Writer();
        w.writeVarUint(1);
        w.writeVarUint(1);
        w.writeVarUint(5);
        w.writeVarUint(0);
        w.writeByte(4 | 0x80);
        w.writeVarUint(5); // origin 5:3 lies after this item's clock 0
        w.writeVarUint(3);
        w.writeVarString("x");
        w.writeVarUint(0);
        assertRejectedWithoutChange(documentWithHistory(), w.toByteArray());
    }

    @Test
    void duplicateClientSectionsAreRejected() {
        Lib0Writer w = new Lib0Writer();
        w.writeVarUint(2);
        for (int i = 0; i < 2; i++) {
            w.writeVarUint(1);
            w.writeVarUint(5);
            w.writeVarUint(0);
            w.writeByte(0);
            w.writeVarUint(1);
        }
        w.writeVarUint(0);
        assertRejectedWithoutChange(documentWithHistory(), w.toByteArray());
    }

    @Test
    void malformedStateVectorIsRejected() {
        assertThatThrownBy(() -> Updates.encodeStateAsUpdate(new YDoc(1), new byte[]{5, 1}))
                .isInstanceOf(MalformedUpdateException.class);
    }

    @Property(tries = 400)
    void mutatedUpdatesAreAppliedOrRejectedCleanly(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 6) int mutations) {
        Random r = new Random(seed);
        byte[] update = someUpdate(seed % 5);
        for (int m = 0; m < mutations; m++) {
            int kind = r.nextInt(3);
            int at = r.nextInt(update.length);
            if (kind == 0) {
                update[at] = (byte) r.nextInt(256);
            } else if (kind == 1) {
                byte[] n = new byte[update.length + 1];
                System.arraycopy(update, 0, n, 0, at);
                n[at] = (byte) r.nextInt(256);
                System.arraycopy(update, at, n, at + 1, update.length - at);
                update = n;
            } else if (update.length > 1) {
                byte[] n = new byte[update.length - 1];
                System.arraycopy(update, 0, n, 0, at);
                System.arraycopy(update, at + 1, n, at, update.length - at - 1);
                update = n;
            }
        }
        YDoc doc = documentWithHistory();
        byte[] before = Updates.encodeStateAsUpdate(doc);
        try {
            Updates.applyUpdate(doc, update);
        } catch (MalformedUpdateException e) {
            assertThat(Updates.encodeStateAsUpdate(doc)).isEqualTo(before);
            return;
        }
        // accepted: the document must still be internally consistent and encodable
        YDoc copy = new YDoc(5);
        Updates.applyUpdate(copy, Updates.encodeStateAsUpdate(doc));
        assertThat(copy.getText("text").toString()).isEqualTo(doc.getText("text").toString());
    }

    /**
     * Well-formed updates with arbitrary links (origins into other lists, parents that are not
     * types, map keys on list items, deletions of unknown clocks): each is applied or rejected,
     * never throws anything else, and the document stays encodable and usable.
     */
    @Property(tries = 150)
    void arbitrarilyLinkedStructsNeverBreakTheDocument(@ForAll long seed) {
        Random r = new Random(seed);
        YDoc doc = new YDoc(50);
        if (r.nextBoolean()) {
            doc.getText("text");
            doc.getMap("meta");
        }
        long[] clients = {1, 2, 3};
        int[] clocks = new int[3];
        for (int u = 0; u < 12; u++) {
            Lib0Writer w = new Lib0Writer();
            int ci = r.nextInt(3);
            int nStructs = 1 + r.nextInt(4);
            w.writeVarUint(1);
            w.writeVarUint(nStructs);
            w.writeVarUint(clients[ci]);
            int clock = r.nextInt(4) == 0 ? Math.max(0, clocks[ci] - r.nextInt(3)) : clocks[ci];
            w.writeVarUint(clock);
            for (int s = 0; s < nStructs; s++) {
                clock += randomStruct(r, w, clients, clocks, ci, clock);
            }
            if (r.nextBoolean()) {
                int oc = r.nextInt(3);
                w.writeVarUint(1);
                w.writeVarUint(clients[oc]);
                w.writeVarUint(1);
                w.writeVarUint(r.nextInt(clocks[oc] + 3));
                w.writeVarUint(1 + r.nextInt(3));
            } else {
                w.writeVarUint(0);
            }
            byte[] before = Updates.encodeStateAsUpdate(doc);
            try {
                Updates.applyUpdate(doc, w.toByteArray());
                clocks[ci] = Math.max(clocks[ci], clock);
            } catch (MalformedUpdateException e) {
                assertThat(Updates.encodeStateAsUpdate(doc)).isEqualTo(before);
            }
            doc.getText("text").toDelta();
            doc.getMap("meta").toJson();
            doc.getText("text").insert(0, "z");
            Updates.applyUpdate(new YDoc(5), Updates.encodeStateAsUpdate(doc));
        }
    }

    private static int randomStruct(Random r, Lib0Writer w, long[] clients, int[] clocks, int ci, int clock) {
        if (r.nextInt(12) == 0) {
            int len = 1 + r.nextInt(3);
            w.writeByte(0);
            w.writeVarUint(len);
            return len;
        }
        boolean hasOrigin = r.nextBoolean();
        boolean hasRightOrigin = r.nextInt(3) == 0;
        boolean hasSub = r.nextInt(4) == 0;
        int[] refs = {4, 4, 4, 4, 1, 8, 8, 6, 7, 5, 3};
        int ref = refs[r.nextInt(refs.length)];
        w.writeByte(ref | (hasOrigin ? 0x80 : 0) | (hasRightOrigin ? 0x40 : 0) | (hasSub ? 0x20 : 0));
        for (boolean has : new boolean[]{hasOrigin, hasRightOrigin}) {
            if (has) {
                int oc = r.nextInt(3);
                w.writeVarUint(clients[oc]);
                w.writeVarUint(r.nextInt(Math.max(1, oc == ci ? clock : clocks[oc] + 2)));
            }
        }
        if (!hasOrigin && !hasRightOrigin) {
            if (r.nextBoolean()) {
                w.writeVarUint(1);
                w.writeVarString(r.nextBoolean() ? "text" : "meta");
            } else {
                int oc = r.nextInt(3);
                w.writeVarUint(0);
                w.writeVarUint(clients[oc]);
                w.writeVarUint(r.nextInt(Math.max(1, oc == ci ? clock : clocks[oc] + 1)));
            }
            if (hasSub) {
                w.writeVarString(r.nextBoolean() ? "k" : "j");
            }
        }
        int len = 1;
        switch (ref) {
            case 4 -> {
                len = 1 + r.nextInt(3);
                w.writeVarString("abc".substring(0, len));
            }
            case 1 -> {
                len = 1 + r.nextInt(3);
                w.writeVarUint(len);
            }
            case 8 -> {
                len = 1 + r.nextInt(2);
                w.writeVarUint(len);
                for (int i = 0; i < len; i++) {
                    w.writeAny((long) i);
                }
            }
            case 6 -> {
                w.writeVarString("bold");
                w.writeVarString(r.nextBoolean() ? "true" : "null");
            }
            case 7 -> {
                int typeRef = r.nextInt(7);
                w.writeVarUint(typeRef);
                if (typeRef == 3 || typeRef == 5) {
                    w.writeVarString("p");
                }
            }
            case 5 -> w.writeVarString("{\"x\":1}");
            default -> w.writeVarUint8Array(new byte[]{1});
        }
        return len;
    }
}
