package io.prdtool.collab.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class YTextTest {

    private static Map<String, Object> attrs(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> op(String insert, Map<String, Object> attributes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("insert", insert);
        if (attributes != null) {
            m.put("attributes", attributes);
        }
        return m;
    }

    @Test
    void insertAndDeleteCountUtf16CodeUnits() {
        YDoc doc = new YDoc(1);
        YText text = doc.getText("t");
        text.insert(0, "a😀b");
        assertThat(text.length()).isEqualTo(4);
        text.delete(1, 2);
        assertThat(text.toString()).isEqualTo("ab");
    }

    @Test
    void formattingShowsInDeltaAndIsRemovedByNull() {
        YDoc doc = new YDoc(1);
        YText text = doc.getText("t");
        text.insert(0, "hello world");
        text.format(0, 5, attrs("bold", true));
        assertThat(text.toDelta()).containsExactly(op("hello", attrs("bold", true)), op(" world", null));
        text.format(2, 2, attrs("bold", null));
        assertThat(text.toDelta()).containsExactly(op("he", attrs("bold", true)), op("ll", null),
                op("o", attrs("bold", true)), op(" world", null));
    }

    @Test
    void insertWithoutAttributesContinuesTheFormattingToItsLeft() {
        YDoc doc = new YDoc(1);
        YText text = doc.getText("t");
        text.insert(0, "ab", attrs("italic", true));
        text.insert(2, "c");
        text.insert(3, "d", attrs());
        assertThat(text.toDelta()).containsExactly(op("abc", attrs("italic", true)), op("d", null));
    }

    @Test
    void remoteFormattingIsCleanedUpByTheReceivingPeer() {
        YDoc a = new YDoc(1);
        YDoc b = new YDoc(2);
        a.getText("t").insert(0, "abc");
        Updates.applyUpdate(b, Updates.encodeStateAsUpdate(a));
        // concurrent identical formatting leaves a redundant marker pair that clean-up deletes
        a.getText("t").format(0, 3, attrs("bold", true));
        b.getText("t").format(0, 3, attrs("bold", true));
        List<byte[]> fromB = new ArrayList<>();
        b.onUpdate((u, o, local) -> fromB.add(u));
        Updates.applyUpdate(b, Updates.encodeStateAsUpdate(a));
        assertThat(fromB).as("the remote update, then the clean-up b authored").hasSize(2);
        Updates.applyUpdate(a, Updates.encodeStateAsUpdate(b));
        assertThat(a.getText("t").toDelta()).isEqualTo(b.getText("t").toDelta())
                .containsExactly(op("abc", attrs("bold", true)));
    }

    @Test
    void concurrentInsertsAtSamePositionConverge() {
        YDoc a = new YDoc(1);
        YDoc b = new YDoc(2);
        a.getText("t").insert(0, "x");
        b.getText("t").insert(0, "y");
        byte[] ua = Updates.encodeStateAsUpdate(a);
        byte[] ub = Updates.encodeStateAsUpdate(b);
        Updates.applyUpdate(a, ub);
        Updates.applyUpdate(b, ua);
        assertThat(a.getText("t").toString()).isEqualTo(b.getText("t").toString()).isEqualTo("xy");
    }

    @Test
    void embedsAppearAsDeltaInsertsOfTheirValue() {
        YDoc doc = new YDoc(1);
        YText text = doc.getText("t");
        text.insert(0, "ab");
        Map<String, Object> image = attrs("image", "x.png");
        text.insertEmbed(1, image, null);
        assertThat(text.toDelta()).hasSize(3);
        assertThat(text.toDelta().get(1).get("insert")).isEqualTo(image);
        assertThat(text.toString()).isEqualTo("ab");
    }

    @Test
    void updateObserverYieldsOneUpdatePerLocalTransactionThatReproducesIt() {
        YDoc a = new YDoc(1);
        List<byte[]> updates = new ArrayList<>();
        Runnable off = a.onUpdate((u, origin, local) -> {
            assertThat(local).isTrue();
            updates.add(u);
        });
        a.transact(t -> {
            a.getText("t").insert(0, "hello");
            a.getMap("m").set("k", 1L);
        });
        a.getText("t").delete(0, 1);
        off.run();
        a.getText("t").insert(0, "not observed");
        assertThat(updates).hasSize(2);
        YDoc b = new YDoc(2);
        updates.forEach(u -> Updates.applyUpdate(b, u));
        assertThat(b.getText("t").toString()).isEqualTo("ello");
        assertThat(b.getMap("m").get("k")).isEqualTo(1L);
    }

    @Test
    void peerUsingOurClientIdMakesUsPickANewOne() {
        YDoc a = new YDoc(7);
        YDoc impostor = new YDoc(7);
        impostor.getText("t").insert(0, "x");
        Updates.applyUpdate(a, Updates.encodeStateAsUpdate(impostor));
        assertThat(a.clientId()).isNotEqualTo(7);
    }

    @Test
    void applyDeltaInsertsFormatsAndDeletesFromTheStart() {
        YDoc doc = new YDoc(1);
        YText text = doc.getText("t");
        text.insert(0, "hello world");
        text.applyDelta(List.of(Map.of("retain", 6L), Map.of("delete", 5L),
                Map.of("insert", "there", "attributes", attrs("bold", true))));
        assertThat(text.toDelta()).containsExactly(op("hello ", null), op("there", attrs("bold", true)));
    }
}
