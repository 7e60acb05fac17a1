package io.prdtool.collab.crdt.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import io.prdtool.collab.crdt.YDoc;
import io.prdtool.collab.crdt.YText;
import io.prdtool.collab.crdt.lib0.Json;

/**
 * A josephg/editing-traces sequential trace (automerge-paper): {@code [pos, delCount, insertString]}
 * patches whose replay must end in {@code endContent}. Positions count code points; the trace is
 * ASCII, so they are also UTF-16 indexes.
 */
public record EditingTrace(int[] positions, int[] deletes, String[] inserts, String endContent) {

    public static final String PROPERTY = "crdt.bench.trace";
    /** The trace committed with this module, relative to the module, the collab-service or the repository root. */
    public static final String DEFAULT_PATH = "bench/automerge-paper.json.gz";

    public static EditingTrace load() throws IOException {
        String configured = System.getProperty(PROPERTY);
        return load(configured != null ? Path.of(configured) : defaultPath());
    }

    private static Path defaultPath() {
        for (String base : List.of("", "yjs-engine/", "collab-service/yjs-engine/")) {
            Path p = Path.of(base + DEFAULT_PATH);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return Path.of(DEFAULT_PATH);
    }

    @SuppressWarnings("unchecked")
    public static EditingTrace load(Path path) throws IOException {
        String json;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(path))) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Object> root = (Map<String, Object>) Json.parse(json);
        List<int[]> nums = new ArrayList<>();
        List<String> strs = new ArrayList<>();
        for (Object txn : (List<Object>) root.get("txns")) {
            for (Object p : (List<Object>) ((Map<String, Object>) txn).get("patches")) {
                List<Object> patch = (List<Object>) p;
                nums.add(new int[]{((Number) patch.get(0)).intValue(), ((Number) patch.get(1)).intValue()});
                strs.add((String) patch.get(2));
            }
        }
        int n = nums.size();
        int[] pos = new int[n];
        int[] del = new int[n];
        for (int i = 0; i < n; i++) {
            pos[i] = nums.get(i)[0];
            del[i] = nums.get(i)[1];
        }
        return new EditingTrace(pos, del, strs.toArray(new String[0]), (String) root.get("endContent"));
    }

    public int size() {
        return positions.length;
    }

    /** Replays every patch as one local transaction into the root text "text". */
    public YDoc replay(YDoc doc) {
        YText text = doc.getText("text");
        for (int i = 0; i < positions.length; i++) {
            int pos = positions[i];
            int del = deletes[i];
            String ins = inserts[i];
            doc.transact(t -> {
                if (del > 0) {
                    text.delete(pos, del);
                }
                if (!ins.isEmpty()) {
                    text.insert(pos, ins);
                }
            });
        }
        return doc;
    }

    /** The v1 update of each patch, as the editing client would have sent them. */
    public List<byte[]> perEditUpdates() {
        YDoc doc = new YDoc(1);
        List<byte[]> updates = new ArrayList<>(positions.length);
        doc.onUpdate((update, origin, local) -> updates.add(update));
        replay(doc);
        return updates;
    }
}
