package io.prdtool.collab.crdt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random edits through the public API over the four shared types of the conformance vectors. */
final class RandomEditor {

    private static final String CHARS = "abcdefghijklmnopqrstuvwxyz  éü中\n";
    private final Random r;

    RandomEditor(Random r) {
        this.r = r;
    }

    String word(int max) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(max);
        for (int i = 0; i < n; i++) {
            sb.append(CHARS.charAt(r.nextInt(CHARS.length())));
        }
        return sb.toString();
    }

    Map<String, Object> attrs() {
        Map<String, Object> a = new LinkedHashMap<>();
        switch (r.nextInt(8)) {
            case 0 -> a.put("bold", true);
            case 1 -> a.put("italic", true);
            case 2 -> a.put("bold", null);
            case 3 -> a.put("italic", null);
            case 4 -> a.put("code", true);
            case 5 -> a.put("link", new LinkedHashMap<>(Map.of("href", "https://x.test/a")));
            case 6 -> {
                a.put("bold", true);
                a.put("italic", true);
            }
            default -> a.put("link", null);
        }
        return a;
    }

    Object anyValue() {
        switch (r.nextInt(12)) {
            case 0 :
                return (long) r.nextInt(1000);
            case 1 :
                return (long) -r.nextInt(100000);
            case 2 :
                return r.nextDouble() * 100;
            case 3 :
                return 1.5;
            case 4 :
                return (double) (1L << 40);
            case 5 :
                return word(6);
            case 6 :
                return true;
            case 7 :
                return false;
            case 8 :
                return null;
            case 9 : {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("k", word(4));
                m.put("n", (long) r.nextInt(10));
                m.put("nested",
                        new LinkedHashMap<>(Map.of("a", new ArrayList<>(java.util.Arrays.asList(1L, "two", null)))));
                return m;
            }
            case 10 :
                return new ArrayList<>(List.of(word(3), (long) r.nextInt(5)));
            default :
                return "é中";
        }
    }

    void editText(YText text) {
        int len = text.length();
        int op = r.nextInt(10);
        if (op < 5 || len == 0) {
            int i = r.nextInt(len + 1);
            if (r.nextInt(10) < 3) {
                text.insert(i, word(6), attrs());
            } else if (r.nextInt(20) == 0) {
                text.insertEmbed(i, new LinkedHashMap<>(Map.of("image", word(4))), null);
            } else {
                text.insert(i, word(6));
            }
        } else if (op < 8) {
            int i = r.nextInt(len);
            text.delete(i, 1 + r.nextInt(Math.min(5, len - i)));
        } else {
            int i = r.nextInt(len);
            text.format(i, 1 + r.nextInt(Math.min(8, len - i)), attrs());
        }
    }

    void editMap(YMap map) {
        String key = List.of("title", "status", "owner", "score", "tags", "x", "y").get(r.nextInt(7));
        int op = r.nextInt(20);
        if (op < 4) {
            map.delete(key);
        } else if (op == 4) {
            map.set(key, new byte[]{(byte) r.nextInt(256), (byte) r.nextInt(256)});
        } else if (op == 5) {
            map.doc().transact(t -> {
                YMap nested = new YMap();
                map.set(key, nested);
                nested.set("inner", word(4));
            });
        } else {
            map.set(key, anyValue());
        }
    }

    void editArray(YArray list) {
        int len = list.length();
        if (len == 0 || r.nextInt(10) < 6) {
            List<Object> vals = new ArrayList<>();
            int n = 1 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                vals.add(anyValue());
            }
            if (r.nextInt(20) == 0) {
                vals.add(new byte[]{1, 2, 3});
            }
            int at = r.nextInt(len + 1);
            if (r.nextInt(20) == 0) {
                list.doc().transact(t -> {
                    YArray nested = new YArray();
                    vals.add(nested);
                    list.insert(at, vals);
                    nested.insert(0, List.of(word(3)));
                });
            } else {
                list.insert(at, vals);
            }
        } else {
            int i = r.nextInt(len);
            list.delete(i, 1 + r.nextInt(Math.min(3, len - i)));
        }
    }

    void editXml(YXmlFragment frag) {
        int n = frag.length();
        int op = r.nextInt(10);
        if (n == 0 || op < 2) {
            boolean heading = r.nextInt(10) < 3;
            YXmlElement el = new YXmlElement(heading ? "heading" : "paragraph");
            int at = r.nextInt(n + 1);
            frag.doc().transact(t -> {
                frag.insert(at, List.of(el));
                if (heading) {
                    el.setAttribute("level", List.of(1L, 2L, 3L, "2").get(r.nextInt(4)));
                }
                YXmlText text = new YXmlText();
                el.insert(0, List.of(text));
                text.insert(0, word(6));
            });
        } else if (op < 3) {
            frag.delete(r.nextInt(n), 1);
        } else if (op < 4) {
            YXmlElement el = (YXmlElement) frag.get(r.nextInt(n));
            el.setAttribute(r.nextBoolean() ? "level" : "align", List.of(1L, 2L, "left", "center").get(r.nextInt(4)));
        } else {
            YXmlElement el = (YXmlElement) frag.get(r.nextInt(n));
            if (el.length() == 0) {
                el.insert(0, List.of(new YXmlText()));
            }
            editText((YXmlText) el.get(0));
        }
    }

    void randomEdit(YDoc d) {
        int kind = r.nextInt(10);
        d.transact(t -> {
            if (kind < 4) {
                editText(d.getText("text"));
            } else if (kind < 6) {
                editMap(d.getMap("meta"));
            } else if (kind < 8) {
                editArray(d.getArray("list"));
            } else {
                editXml(d.getXmlFragment("prosemirror"));
            }
        });
    }

    /** A recorded multi-peer session: every local update of every peer, in the order made. */
    record Session(int peers, List<Long> clients, List<byte[]> updates, List<YDoc> docs) {
    }

    static Session session(long seed, int maxOps) {
        Random r = new Random(seed);
        RandomEditor ed = new RandomEditor(r);
        int peers = 2 + r.nextInt(3);
        List<YDoc> docs = new ArrayList<>();
        List<Long> clients = new ArrayList<>();
        List<byte[]> updates = new ArrayList<>();
        for (int p = 0; p < peers; p++) {
            YDoc d = new YDoc(1 + (r.nextLong() & 0x0FFFFFFFL));
            d.onUpdate((u, origin, local) -> {
                if (local) {
                    clients.add(d.clientId());
                    updates.add(u);
                }
            });
            docs.add(d);
        }
        int steps = peers * (5 + r.nextInt(maxOps));
        for (int s = 0; s < steps; s++) {
            YDoc d = docs.get(r.nextInt(peers));
            ed.randomEdit(d);
            if (r.nextInt(4) == 0) {
                YDoc a = docs.get(r.nextInt(peers));
                YDoc b = docs.get(r.nextInt(peers));
                if (a != b) {
                    Updates.applyUpdate(b, Updates.encodeStateAsUpdate(a, Updates.encodeStateVector(b)));
                }
            }
        }
        return new Session(peers, clients, updates, docs);
    }
}
