package io.prdtool.collab.crdt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.prdtool.collab.crdt.lib0.Any;

/**
 * Common state of every shared type: a list of items (for arrays, text, XML children) and a map of
 * key to last-written item (for maps and attributes). An instance of this class itself is a root
 * that arrived in an update before the application asked for it by kind.
 */
public class AbstractType {

    YDoc doc;
    /** The item holding this type, or null for a root. */
    Item item;
    Item start;
    LinkedHashMap<String, Item> map = new LinkedHashMap<>();
    int length;
    String rootName;
    boolean hasFormatting;

    /** Cached list position for local edits: {@code cacheItem} starts at visible index {@code cacheIndex}. */
    Item cacheItem;
    int cacheIndex;

    AbstractType() {
    }

    void integrate(YDoc doc, Item item) {
        this.doc = doc;
        this.item = item;
    }

    public YDoc doc() {
        return doc;
    }

    /** The parent type, or null for a root. */
    public AbstractType parent() {
        return item == null ? null : item.parent;
    }

    /** Number of visible list elements (characters for text). */
    public int length() {
        return length;
    }

    int typeRef() {
        throw new IllegalStateException("root placeholder types are never nested");
    }

    void writeTypeRef(UpdateEncoder e) {
        e.writeTypeRef(typeRef());
    }

    void callObserver(Transaction txn, Set<String> parentSubs) {
        if (!txn.local) {
            forgetPosition();
        }
    }

    void forgetPosition() {
        cacheItem = null;
    }

    void onItemMerged(Item left, Item right) {
        if (cacheItem == right) {
            cacheItem = left;
            if (!left.deleted() && left.countable()) {
                cacheIndex -= left.length;
            }
        }
        if (right.parentSub != null && map.get(right.parentSub) == right) {
            map.put(right.parentSub, left);
        }
    }

    static AbstractType readType(UpdateDecoder d) {
        int ref = d.readTypeRef();
        switch (ref) {
            case 0 :
                return new YArray();
            case 1 :
                return new YMap();
            case 2 :
                return new YText();
            case 3 :
                return new YXmlElement(d.readKey());
            case 4 :
                return new YXmlFragment();
            case 5 :
                return new YXmlHook(d.readKey());
            case 6 :
                return new YXmlText();
            default :
                throw new MalformedUpdateException("unknown type ref " + ref);
        }
    }

    void requireDoc() {
        if (doc == null) {
            throw new IllegalStateException("insert the type into a document before editing it");
        }
    }

    // ---- list content -------------------------------------------------------------------------

    /** All visible list values; nested types are returned as type instances. */
    List<Object> listValues() {
        List<Object> out = new ArrayList<>(length);
        for (Item n = start; n != null; n = n.right) {
            if (n.countable() && !n.deleted()) {
                out.addAll(n.content.values());
            }
        }
        return out;
    }

    /** The value at visible list index {@code index}. */
    Object listGet(int index) {
        for (Item n = start; n != null; n = n.right) {
            if (!n.deleted() && n.countable()) {
                if (index < n.length) {
                    return n.content.values().get(index);
                }
                index -= n.length;
            }
        }
        throw new IndexOutOfBoundsException("index " + index + " beyond length " + length);
    }

    void listInsert(Transaction txn, int index, List<?> values) {
        if (index > length || index < 0) {
            throw new IndexOutOfBoundsException("index " + index + " beyond length " + length);
        }
        Item left = null;
        if (index > 0) {
            Item n = start;
            int remaining = index;
            for (; n != null; n = n.right) {
                if (!n.deleted() && n.countable()) {
                    if (remaining <= n.length) {
                        if (remaining < n.length) {
                            txn.doc.store.getItemCleanStart(txn, new ID(n.client, n.clock + remaining));
                        }
                        break;
                    }
                    remaining -= n.length;
                }
            }
            left = n;
        }
        listInsertAfter(txn, left, values);
    }

    void listInsertAfter(Transaction txn, Item reference, List<?> values) {
        Item left = reference;
        Item right = reference == null ? start : reference.right;
        List<Object> json = new ArrayList<>();
        for (Object v : values) {
            if (v instanceof AbstractType || v instanceof byte[]) {
                left = packJson(txn, left, right, json);
                Content c = v instanceof AbstractType t
                        ? new ContentType(requireFresh(t))
                        : new ContentBinary((byte[]) v);
                left = insertItem(txn, left, right, null, c);
            } else {
                json.add(v);
            }
        }
        packJson(txn, left, right, json);
    }

    private Item packJson(Transaction txn, Item left, Item right, List<Object> json) {
        if (json.isEmpty()) {
            return left;
        }
        Item i = insertItem(txn, left, right, null, new ContentAny(new ArrayList<>(json)));
        json.clear();
        return i;
    }

    static AbstractType requireFresh(AbstractType t) {
        if (t.doc != null || t.getClass() == AbstractType.class) {
            throw new IllegalArgumentException("only a new, unattached type can be inserted");
        }
        return t;
    }

    Item insertItem(Transaction txn, Item left, Item right, String parentSub, Content content) {
        ID id = txn.nextId();
        Item item = new Item(id.client(), id.clock(), left, left == null ? null : left.lastId(), right,
                right == null ? null : right.id(), this, null, parentSub, content);
        item.integrate(txn, 0);
        return item;
    }

    void listDelete(Transaction txn, int index, int len) {
        if (len == 0) {
            return;
        }
        if (index < 0 || len < 0 || (long) index + len > length) {
            throw new IndexOutOfBoundsException("range " + index + "+" + len + " beyond length " + length);
        }
        Item n = start;
        for (; n != null && index > 0; n = n.right) {
            if (!n.deleted() && n.countable()) {
                if (index < n.length) {
                    n = txn.doc.store.getItemCleanStart(txn, new ID(n.client, n.clock + index));
                    break;
                }
                index -= n.length;
            }
        }
        while (len > 0 && n != null) {
            if (!n.deleted()) {
                if (len < n.length) {
                    txn.doc.store.getItemCleanStart(txn, new ID(n.client, n.clock + len));
                }
                n.delete(txn);
                len -= n.length;
            }
            n = n.right;
        }
        forgetPosition();
    }

    // ---- map content --------------------------------------------------------------------------

    void mapSet(Transaction txn, String key, Object value) {
        Item left = map.get(key);
        Content content;
        if (value instanceof AbstractType t) {
            content = new ContentType(requireFresh(t));
        } else if (value instanceof byte[] b) {
            content = new ContentBinary(b);
        } else {
            content = new ContentAny(new ArrayList<>(java.util.Collections.singletonList(value)));
        }
        ID id = txn.nextId();
        Item item = new Item(id.client(), id.clock(), left, left == null ? null : left.lastId(), null, null, this, null,
                key, content);
        item.integrate(txn, 0);
    }

    void mapDelete(Transaction txn, String key) {
        Item c = map.get(key);
        if (c != null) {
            c.delete(txn);
        }
    }

    /** The value of {@code key}, or {@link Any#UNDEFINED} when absent or deleted. */
    Object mapGet(String key) {
        Item v = map.get(key);
        if (v == null || v.deleted()) {
            return Any.UNDEFINED;
        }
        return lastValue(v);
    }

    /** The value a map entry holds; entries without values (hostile input) read as undefined, as in Yjs. */
    private static Object lastValue(Item v) {
        List<Object> values = v.content.values();
        return values.size() >= v.length && v.length > 0 ? values.get(v.length - 1) : Any.UNDEFINED;
    }

    Map<String, Object> mapGetAll() {
        Map<String, Object> res = new LinkedHashMap<>();
        for (Map.Entry<String, Item> e : map.entrySet()) {
            Item v = e.getValue();
            if (!v.deleted()) {
                res.put(e.getKey(), lastValue(v));
            }
        }
        return res;
    }

    /** JSON-like view: nested types are converted with their own {@code toJson}. */
    static Object toJsonValue(Object v) {
        if (v instanceof AbstractType t) {
            return t.toJson();
        }
        if (v instanceof ContentDoc) {
            // a subdocument is not loaded here; Yjs renders an unloaded one as {}
            return new LinkedHashMap<String, Object>();
        }
        return v;
    }

    public Object toJson() {
        // a root not yet typed: show whatever it holds
        if (start != null) {
            List<Object> out = new ArrayList<>();
            for (Object v : listValues()) {
                out.add(toJsonValue(v));
            }
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : mapGetAll().entrySet()) {
            out.put(e.getKey(), toJsonValue(e.getValue()));
        }
        return out;
    }

    /** JavaScript's {@code String(value)} for attribute rendering. */
    static String jsString(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Number n && !(v instanceof java.math.BigInteger)) {
            return io.prdtool.collab.crdt.lib0.Json.numberToString(n);
        }
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                Object e = l.get(i);
                if (e != null && e != Any.UNDEFINED) {
                    sb.append(jsString(e));
                }
            }
            return sb.toString();
        }
        if (v instanceof Map<?, ?>) {
            return "[object Object]";
        }
        return v.toString();
    }
}
