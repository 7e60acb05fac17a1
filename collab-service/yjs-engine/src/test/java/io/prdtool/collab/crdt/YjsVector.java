package io.prdtool.collab.crdt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.prdtool.collab.crdt.lib0.Json;

/** One conformance case in the format of /work/shared/yjs-vectors/FORMAT.md, and how it is checked. */
record YjsVector(String name, long replayClientId, List<byte[]> updates, List<byte[]> updatesV2,
        Map<String, Object> expected) {

    static List<YjsVector> parseLines(String jsonl) {
        List<YjsVector> out = new ArrayList<>();
        for (String line : jsonl.split("\n")) {
            if (!line.isBlank()) {
                out.add(parse(line));
            }
        }
        return out;
    }

    static List<YjsVector> load(Path file) throws IOException {
        return parseLines(Files.readString(file));
    }

    static List<YjsVector> loadResource(String resource) throws IOException {
        try (InputStream in = YjsVector.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            return parseLines(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @SuppressWarnings("unchecked")
    static YjsVector parse(String line) {
        Map<String, Object> v = (Map<String, Object>) Json.parse(line);
        List<byte[]> updates = new ArrayList<>();
        List<byte[]> updatesV2 = new ArrayList<>();
        for (Object u : (List<Object>) v.get("updates")) {
            Map<String, Object> um = (Map<String, Object>) u;
            updates.add(Base64.getDecoder().decode((String) um.get("v1")));
            if (um.get("v2") instanceof String v2) {
                updatesV2.add(Base64.getDecoder().decode(v2));
            }
        }
        return new YjsVector((String) v.get("name"), ((Number) v.get("replayClientId")).longValue(), updates,
                updatesV2.size() == updates.size() ? updatesV2 : List.of(), (Map<String, Object>) v.get("expected"));
    }

    YDoc replay() {
        YDoc doc = new YDoc(replayClientId);
        for (byte[] u : updates) {
            Updates.applyUpdate(doc, u);
        }
        return doc;
    }

    /** Everything that differs from what Yjs computed; empty when the case passes. */
    @SuppressWarnings("unchecked")
    List<String> mismatches() {
        List<String> fails = new ArrayList<>();
        if (expected.containsKey("error")) {
            fails.add("Yjs itself failed: " + expected.get("error"));
            return fails;
        }
        YDoc doc = replay();
        Map<String, Object> shared = (Map<String, Object>) expected.get("shared");
        byte[] sv = Updates.encodeStateVector(doc);
        if (!Arrays.equals(sv, b64(expected.get("stateVector")))) {
            fails.add("state vector");
        }
        byte[] update = Updates.encodeStateAsUpdate(doc);
        byte[] expectedUpdate = b64(expected.get("update"));
        if (!Arrays.equals(update, expectedUpdate)) {
            fails.add("full-state update (" + update.length + " bytes, Yjs " + expectedUpdate.length + ")");
        }
        Map<String, Object> text = (Map<String, Object>) shared.get("text");
        if (!doc.getText("text").toString().equals(text.get("string"))) {
            fails.add("text string");
        }
        if (!canonical(canonicalDelta(doc.getText("text").toDelta()))
                .equals(canonical(canonicalDelta((List<?>) text.get("delta"))))) {
            fails.add("text delta");
        }
        Object mapJson = ((Map<String, Object>) shared.get("meta")).get("json");
        if (!canonical(doc.getMap("meta").toJson()).equals(canonical(mapJson))) {
            fails.add("map json");
        }
        Object listJson = ((Map<String, Object>) shared.get("list")).get("json");
        if (!canonical(doc.getArray("list").toJson()).equals(canonical(listJson))) {
            fails.add("array json");
        }
        Object xml = ((Map<String, Object>) shared.get("prosemirror")).get("string");
        if (!doc.getXmlFragment("prosemirror").toString().equals(xml)) {
            fails.add("xml string");
        }
        // our generator also records every update and the final state in format v2
        if (!updatesV2.isEmpty()) {
            YDoc v2doc = new YDoc(replayClientId);
            for (byte[] u : updatesV2) {
                Updates.applyUpdateV2(v2doc, u);
            }
            if (!Arrays.equals(Updates.encodeStateAsUpdate(v2doc), expectedUpdate)) {
                fails.add("replay of the v2 updates");
            }
        }
        if (expected.get("updateV2") instanceof String stateV2) {
            YDoc fromV2 = new YDoc(1);
            Updates.applyUpdateV2(fromV2, Base64.getDecoder().decode(stateV2));
            YDoc fromV1 = new YDoc(1);
            Updates.applyUpdate(fromV1, expectedUpdate);
            if (!Arrays.equals(Updates.encodeStateAsUpdate(fromV2), Updates.encodeStateAsUpdate(fromV1))) {
                fails.add("v2 state decoding");
            }
        }
        return fails;
    }

    private static byte[] b64(Object s) {
        return Base64.getDecoder().decode((String) s);
    }

    /** JSON text with object keys sorted at every level. */
    static String canonical(Object value) {
        return Json.stringify(sortKeys(value));
    }

    private static Object sortKeys(Object o) {
        if (o instanceof Map<?, ?> m) {
            TreeMap<String, Object> t = new TreeMap<>();
            m.forEach((k, v) -> t.put(String.valueOf(k), sortKeys(v)));
            return t;
        }
        if (o instanceof List<?> l) {
            List<Object> r = new ArrayList<>();
            for (Object x : l) {
                r.add(sortKeys(x));
            }
            return r;
        }
        if (o instanceof AbstractType t) {
            return sortKeys(t.toJson());
        }
        return o;
    }

    /** Adjacent string runs with equal attributes merged (Yjs may emit them split). */
    @SuppressWarnings("unchecked")
    static List<Object> canonicalDelta(List<?> delta) {
        List<Object> out = new ArrayList<>();
        for (Object o : delta) {
            Map<String, Object> op = new TreeMap<>((Map<String, Object>) sortKeys(o));
            if (!out.isEmpty()) {
                Map<String, Object> last = (Map<String, Object>) out.get(out.size() - 1);
                if (last.get("insert") instanceof String ls && op.get("insert") instanceof String os
                        && canonical(last.get("attributes")).equals(canonical(op.get("attributes")))) {
                    last.put("insert", ls + os);
                    continue;
                }
            }
            out.add(op);
        }
        return out;
    }
}
