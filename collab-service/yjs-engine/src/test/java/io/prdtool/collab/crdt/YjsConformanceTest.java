package io.prdtool.collab.crdt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import io.prdtool.collab.crdt.lib0.Json;

/**
 * Conformance with real Yjs 13.6.33: committed vectors (the shared sample and our own generator's
 * output), extra vector files from {@code -Dyjs.vectors=a.jsonl,b.jsonl}, and a differential fuzz in
 * both directions when Node is available (see {@link NodeYjs} for the CI rule).
 *
 * <p>
 * Fuzz budget: {@code -Dyjs.fuzz.sessions} random sessions per direction (default 40; Yjs-made
 * sessions are replayed in four delivery orders, one of them dropping a fifth of the updates, Java-made
 * ones in three), seeds from {@code -Dyjs.fuzz.seed} (default: random, printed on failure).
 */
class YjsConformanceTest {

    private static final long REPLAY_CLIENT = 7777777;

    @TestFactory
    Stream<DynamicTest> committedVectorsMatchYjs() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        // generated-partial: some updates never arrive, so the state encoding includes pending structs
        for (String resource : List.of("/yjs-vectors/sample.jsonl", "/yjs-vectors/generated.jsonl",
                "/yjs-vectors/generated-partial.jsonl")) {
            for (YjsVector v : YjsVector.loadResource(resource)) {
                tests.add(DynamicTest.dynamicTest(resource + " " + v.name(),
                        () -> assertThat(v.mismatches()).as(v.name()).isEmpty()));
            }
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(300);
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> extraVectorFilesMatchYjs() throws IOException {
        String prop = NodeYjs.property("yjs.vectors", "");
        List<DynamicTest> tests = new ArrayList<>();
        if (prop.isEmpty()) {
            return tests.stream();
        }
        for (String file : prop.split(",")) {
            if (file.isBlank()) {
                continue;
            }
            for (YjsVector v : YjsVector.load(Path.of(file.trim()))) {
                tests.add(DynamicTest.dynamicTest(file + " " + v.name(),
                        () -> assertThat(v.mismatches()).as(v.name()).isEmpty()));
            }
        }
        assertThat(tests).as("vectors in " + prop).isNotEmpty();
        return tests.stream();
    }

    private static int fuzzSessions() {
        return Integer.parseInt(NodeYjs.property("yjs.fuzz.sessions", "40"));
    }

    private static long fuzzSeed() {
        String fixed = NodeYjs.property("yjs.fuzz.seed", "");
        return !fixed.isEmpty() ? Long.parseLong(fixed) : new Random().nextInt(1_000_000_000);
    }

    @Test
    void yjsMadeSessionsReplayIdenticallyInJava() throws IOException {
        NodeYjs.require();
        long seed = fuzzSeed();
        String out = NodeYjs.script("gen-vectors.mjs",
                List.of(Long.toString(seed), Integer.toString(fuzzSessions()), "40"), null, Map.of("PARTIAL", "1"));
        List<YjsVector> vectors = YjsVector.parseLines(out);
        assertThat(vectors).hasSize(fuzzSessions() * 4);
        Map<String, List<String>> failures = new LinkedHashMap<>();
        for (YjsVector v : vectors) {
            List<String> m = v.mismatches();
            if (!m.isEmpty()) {
                failures.put(v.name(), m);
            }
        }
        assertThat(failures).as("Yjs sessions from seed " + seed).isEmpty();
    }

    @Test
    void javaMadeSessionsReplayIdenticallyInYjs() throws IOException {
        NodeYjs.require();
        long seed = fuzzSeed();
        StringBuilder sessions = new StringBuilder();
        for (int s = 0; s < fuzzSessions(); s++) {
            RandomEditor.Session session = RandomEditor.session(seed + s, 40);
            assertPeersConvergeAfterFullSync(session.docs());
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < session.updates().size(); i++) {
                order.add(i);
            }
            List<Integer> reversed = new ArrayList<>(order);
            Collections.reverse(reversed);
            List<Integer> shuffled = new ArrayList<>(order);
            Collections.shuffle(shuffled, new Random(seed + s));
            Map<String, List<Integer>> variants = new LinkedHashMap<>();
            variants.put("generated", order);
            variants.put("reverse", reversed);
            variants.put("shuffled", shuffled);
            for (Map.Entry<String, List<Integer>> e : variants.entrySet()) {
                List<Object> ups = new ArrayList<>();
                for (int i : e.getValue()) {
                    Map<String, Object> u = new LinkedHashMap<>();
                    u.put("client", session.clients().get(i));
                    u.put("v1", Base64.getEncoder().encodeToString(session.updates().get(i)));
                    ups.add(u);
                }
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("name", "java-" + (seed + s) + "-" + e.getKey());
                line.put("replayClientId", REPLAY_CLIENT);
                line.put("updates", ups);
                sessions.append(Json.stringify(line)).append('\n');
            }
        }
        List<YjsVector> vectors = YjsVector
                .parseLines(NodeYjs.script("replay.mjs", List.of(), sessions.toString(), Map.of()));
        assertThat(vectors).hasSize(fuzzSessions() * 3);
        Map<String, List<String>> failures = new LinkedHashMap<>();
        for (YjsVector v : vectors) {
            List<String> m = v.mismatches();
            if (!m.isEmpty()) {
                failures.put(v.name(), m);
            }
        }
        assertThat(failures).as("Java sessions from seed " + seed).isEmpty();
    }

    static void assertPeersConvergeAfterFullSync(List<YDoc> docs) {
        // formatting clean-up on receipt can author new changes, so sync until nothing moves
        for (int round = 0; round < 5; round++) {
            for (YDoc a : docs) {
                for (YDoc b : docs) {
                    if (a != b) {
                        Updates.applyUpdate(b, Updates.encodeStateAsUpdate(a, Updates.encodeStateVector(b)));
                    }
                }
            }
        }
        String first = snapshot(docs.get(0));
        for (YDoc d : docs) {
            assertThat(snapshot(d)).isEqualTo(first);
        }
    }

    static String snapshot(YDoc d) {
        return d.getText("text").toDelta() + "|" + YjsVector.canonical(d.getMap("meta").toJson()) + "|"
                + YjsVector.canonical(d.getArray("list").toJson()) + "|" + d.getXmlFragment("prosemirror");
    }
}
