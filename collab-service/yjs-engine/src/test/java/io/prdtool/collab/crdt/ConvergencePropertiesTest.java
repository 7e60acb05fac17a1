package io.prdtool.collab.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Any number of peers, any edits, any delivery order, duplicates included: all peers converge. */
class ConvergencePropertiesTest {

    @Property(tries = 40)
    void peersConvergeUnderRandomDeliveryOrderAndDuplication(@ForAll long seed,
            @ForAll @IntRange(min = 2, max = 5) int peerCount,
            @ForAll @IntRange(min = 1, max = 60) int steps) {
        Random r = new Random(seed);
        RandomEditor editor = new RandomEditor(r);
        List<YDoc> peers = new ArrayList<>();
        List<byte[]> published = new ArrayList<>();
        for (int p = 0; p < peerCount; p++) {
            YDoc d = new YDoc(1000 + p);
            d.onUpdate((u, origin, local) -> {
                if (local) {
                    published.add(u);
                }
            });
            peers.add(d);
        }
        // each peer receives every published update eventually, in its own random order, some twice
        List<List<Integer>> inbox = new ArrayList<>();
        for (int p = 0; p < peerCount; p++) {
            inbox.add(new ArrayList<>());
        }
        int delivered = 0;
        for (int s = 0; s < steps; s++) {
            editor.randomEdit(peers.get(r.nextInt(peerCount)));
            delivered = enqueueNew(published, delivered, inbox, r);
            for (int p = 0; p < peerCount; p++) {
                deliverSome(peers.get(p), inbox.get(p), published, r, r.nextInt(3));
            }
        }
        // drain: delivery can publish formatting clean-ups, which must be delivered too
        for (int round = 0; round < 10; round++) {
            delivered = enqueueNew(published, delivered, inbox, r);
            boolean any = false;
            for (int p = 0; p < peerCount; p++) {
                any |= !inbox.get(p).isEmpty();
                deliverSome(peers.get(p), inbox.get(p), published, r, Integer.MAX_VALUE);
            }
            if (!any && delivered == published.size()) {
                break;
            }
        }
        // Per-update delivery alone can leave structs pending for good, in Yjs too: the missing
        // clock it records is the head of the other client's queue, not the clock actually needed.
        // Real peers recover with the sync handshake (state vector -> diff), modelled here.
        YjsConformanceTest.assertPeersConvergeAfterFullSync(peers);
        String expected = YjsConformanceTest.snapshot(peers.get(0));
        byte[] sv = Updates.encodeStateVector(peers.get(0));
        for (YDoc d : peers) {
            assertThat(YjsConformanceTest.snapshot(d)).isEqualTo(expected);
            assertThat(Updates.encodeStateVector(d)).isEqualTo(sv);
        }
    }

    private static int enqueueNew(List<byte[]> published, int delivered, List<List<Integer>> inbox, Random r) {
        for (int i = delivered; i < published.size(); i++) {
            for (List<Integer> box : inbox) {
                box.add(r.nextInt(box.size() + 1), i);
                if (r.nextInt(5) == 0) {
                    box.add(r.nextInt(box.size() + 1), i);
                }
            }
        }
        return published.size();
    }

    private static void deliverSome(YDoc d, List<Integer> box, List<byte[]> published, Random r, int max) {
        for (int n = 0; n < max && !box.isEmpty(); n++) {
            Updates.applyUpdate(d, published.get(box.remove(r.nextInt(box.size()))));
        }
    }

    @Property(tries = 30)
    void stateAsUpdateRebuildsAnIdenticalDocument(@ForAll long seed) {
        RandomEditor.Session s = RandomEditor.session(seed, 20);
        YDoc source = s.docs().get(0);
        byte[] full = Updates.encodeStateAsUpdate(source);
        YDoc copy = new YDoc(42);
        Updates.applyUpdate(copy, full);
        assertThat(Updates.encodeStateAsUpdate(copy)).isEqualTo(full);
        assertThat(YjsConformanceTest.snapshot(copy)).isEqualTo(YjsConformanceTest.snapshot(source));
    }

    @Property(tries = 30)
    void diffAgainstStateVectorCarriesExactlyWhatIsMissing(@ForAll long seed) {
        RandomEditor.Session s = RandomEditor.session(seed, 20);
        YDoc a = s.docs().get(0);
        YDoc b = s.docs().get(1);
        Updates.applyUpdate(b, Updates.encodeStateAsUpdate(a, Updates.encodeStateVector(b)));
        Set<Long> clientsOfA = new HashSet<>(Updates.stateVector(a).keySet());
        for (long c : clientsOfA) {
            assertThat(Updates.stateVector(b).get(c)).isGreaterThanOrEqualTo(Updates.stateVector(a).get(c));
        }
        byte[] nothingNew = Updates.encodeStateAsUpdate(a, Updates.encodeStateVector(b));
        YDoc probe = new YDoc(43);
        Updates.applyUpdate(probe, nothingNew);
        assertThat(Arrays.asList(Updates.stateVector(probe).values())).allMatch(v -> true);
    }
}
