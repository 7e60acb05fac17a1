package io.prdtool.collab.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.prdtool.collab.crdt.lib0.Any;
import io.prdtool.collab.crdt.lib0.Lib0Writer;

/** Content kinds the random vectors rarely or never produce, round-tripped byte for byte. */
class ContentKindsTest {

    private static byte[] singleStructUpdate(int contentRef, java.util.function.Consumer<Lib0Writer> content) {
        Lib0Writer w = new Lib0Writer();
        w.writeVarUint(1); // one client
        w.writeVarUint(1); // one struct
        w.writeVarUint(9); // client 9
        w.writeVarUint(0); // from clock 0
        w.writeByte(contentRef); // no origins: the parent follows
        w.writeVarUint(1); // parent is a root, by name
        w.writeVarString("list");
        content.accept(w);
        w.writeVarUint(0); // empty delete set
        return w.toByteArray();
    }

    @Test
    void legacyJsonContentIsReadAndWrittenBackUnchanged() {
        byte[] update = singleStructUpdate(2, w -> {
            w.writeVarUint(2);
            w.writeVarString("{\"a\":1}");
            w.writeVarString("undefined");
        });
        YDoc doc = new YDoc(1);
        Updates.applyUpdate(doc, update);
        List<Object> values = doc.getArray("list").toList();
        assertThat(values.get(0)).isEqualTo(Map.of("a", 1L));
        assertThat(values.get(1)).isSameAs(Any.UNDEFINED);
        assertThat(Updates.encodeStateAsUpdate(doc)).isEqualTo(update);
    }

    @Test
    void binaryContentRoundTrips() {
        byte[] update = singleStructUpdate(3, w -> w.writeVarUint8Array(new byte[]{1, 2, 3}));
        YDoc doc = new YDoc(1);
        Updates.applyUpdate(doc, update);
        assertThat((byte[]) doc.getArray("list").get(0)).containsExactly(1, 2, 3);
        assertThat(Updates.encodeStateAsUpdate(doc)).isEqualTo(update);
    }

    @Test
    void subdocumentReferencesAreKeptAndRelayed() {
        byte[] update = singleStructUpdate(9, w -> {
            w.writeVarString("guid-1");
            w.writeAny(Map.of("autoLoad", true));
        });
        YDoc doc = new YDoc(1);
        Updates.applyUpdate(doc, update);
        assertThat(Updates.encodeStateAsUpdate(doc)).isEqualTo(update);
        assertThat(doc.getArray("list").toJson()).containsExactly(Map.of());
    }

    @Test
    void deletedContentOfAParentlessRangeBecomesGarbage() {
        YDoc a = new YDoc(1);
        a.getArray("list").push(List.of(1L, 2L, 3L));
        a.getArray("list").delete(0, 3);
        YDoc b = new YDoc(2);
        Updates.applyUpdate(b, Updates.encodeStateAsUpdate(a));
        assertThat(b.getArray("list").toJson()).isEmpty();
        assertThat(Updates.encodeStateAsUpdate(b)).isEqualTo(Updates.encodeStateAsUpdate(a));
    }

    @Test
    void updatesArrivingBeforeTheirDependenciesWaitAsPending() {
        YDoc a = new YDoc(1);
        java.util.List<byte[]> updates = new java.util.ArrayList<>();
        a.onUpdate((u, o, l) -> updates.add(u));
        a.getText("t").insert(0, "abc");
        a.getText("t").insert(3, "def");
        a.getText("t").delete(1, 3);
        YDoc b = new YDoc(2);
        Updates.applyUpdate(b, updates.get(2));
        Updates.applyUpdate(b, updates.get(1));
        assertThat(b.getText("t").toString()).isEmpty();
        // the pending part is still in the state encoding, so nothing is lost when persisting now
        YDoc c = new YDoc(3);
        Updates.applyUpdate(c, Updates.encodeStateAsUpdate(b));
        Updates.applyUpdate(b, updates.get(0));
        Updates.applyUpdate(c, updates.get(0));
        assertThat(b.getText("t").toString()).isEqualTo(c.getText("t").toString()).isEqualTo("aef");
    }
}
