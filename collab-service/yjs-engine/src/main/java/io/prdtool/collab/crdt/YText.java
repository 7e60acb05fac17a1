package io.prdtool.collab.crdt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.prdtool.collab.crdt.lib0.Any;

/**
 * Shared rich text. Formatting is stored as marker items ({@code bold=true} … {@code bold=null})
 * between the text runs, as in Yjs; indexes count UTF-16 code units.
 */
public class YText extends AbstractType {

    public YText() {
    }

    @Override
    int typeRef() {
        return 2;
    }

    @Override
    void callObserver(Transaction txn, Set<String> parentSubs) {
        super.callObserver(txn, parentSubs);
        // remote edits can leave redundant format markers; Yjs removes them on the receiving peer
        if (!txn.local && hasFormatting) {
            txn.needFormattingCleanup = true;
        }
    }

    // ---- public API ---------------------------------------------------------------------------

    public void insert(int index, String text) {
        insert(index, text, null);
    }

    /** Inserts text; with {@code attributes == null} it takes the formatting at the position. */
    public void insert(int index, String text, Map<String, Object> attributes) {
        if (text.isEmpty()) {
            return;
        }
        requireDoc();
        checkIndex(index);
        doc.transact(txn -> {
            Pos pos = findPosition(txn, index);
            Map<String, Object> attrs = new LinkedHashMap<>(attributes == null ? pos.attrs : attributes);
            insertText(txn, pos, new ContentString(text), attrs);
        });
    }

    /** Inserts an embed (any JSON-like value) or a nested type at {@code index}. */
    public void insertEmbed(int index, Object embed, Map<String, Object> attributes) {
        requireDoc();
        checkIndex(index);
        doc.transact(txn -> {
            Pos pos = findPosition(txn, index);
            Content c = embed instanceof AbstractType t ? new ContentType(requireFresh(t)) : new ContentEmbed(embed);
            insertText(txn, pos, c, new LinkedHashMap<>(attributes == null ? Map.of() : attributes));
        });
    }

    public void delete(int index, int len) {
        if (len == 0) {
            return;
        }
        requireDoc();
        checkIndex(index);
        doc.transact(txn -> deleteText(txn, findPosition(txn, index), len));
    }

    /** Sets attributes on a range; a null value removes that attribute. */
    public void format(int index, int len, Map<String, Object> attributes) {
        if (len == 0) {
            return;
        }
        requireDoc();
        checkIndex(index);
        doc.transact(txn -> {
            Pos pos = findPosition(txn, index);
            if (pos.right == null) {
                return;
            }
            formatText(txn, pos, len, new LinkedHashMap<>(attributes));
        });
    }

    /**
     * Applies a Quill-style delta ({@code insert} with optional {@code attributes}, {@code retain}
     * with optional {@code attributes} to format, {@code delete}) from the start of the text.
     */
    public void applyDelta(List<Map<String, Object>> delta) {
        requireDoc();
        doc.transact(txn -> {
            Pos pos = new Pos(null, start, 0, new LinkedHashMap<>());
            for (Map<String, Object> op : delta) {
                @SuppressWarnings("unchecked")
                Map<String, Object> attributes = op.get("attributes") instanceof Map<?, ?> a
                        ? (Map<String, Object>) a
                        : Map.of();
                if (op.containsKey("insert")) {
                    Object ins = op.get("insert");
                    if (ins instanceof String s) {
                        if (!s.isEmpty()) {
                            insertText(txn, pos, new ContentString(s), new LinkedHashMap<>(attributes));
                        }
                    } else {
                        Content c = ins instanceof AbstractType t
                                ? new ContentType(requireFresh(t))
                                : new ContentEmbed(ins);
                        insertText(txn, pos, c, new LinkedHashMap<>(attributes));
                    }
                } else if (op.get("retain") instanceof Number n) {
                    formatText(txn, pos, n.intValue(), new LinkedHashMap<>(attributes));
                } else if (op.get("delete") instanceof Number n) {
                    deleteText(txn, pos, n.intValue());
                }
            }
            forgetPosition();
        });
    }

    public void setAttribute(String name, Object value) {
        requireDoc();
        doc.transact(txn -> mapSet(txn, name, value));
    }

    public Object getAttribute(String name) {
        Object v = mapGet(name);
        return v == Any.UNDEFINED ? null : v;
    }

    public Map<String, Object> getAttributes() {
        return mapGetAll();
    }

    private void checkIndex(int index) {
        if (index < 0 || index > length) {
            throw new IndexOutOfBoundsException("index " + index + " beyond length " + length);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(length);
        for (Item n = start; n != null; n = n.right) {
            if (!n.deleted() && n.countable() && n.content instanceof ContentString s) {
                sb.append(s.str);
            }
        }
        return sb.toString();
    }

    @Override
    public Object toJson() {
        return toString();
    }

    /**
     * The content as a Quill-style delta: a list of {@code {insert, attributes?}} maps. Adjacent runs
     * may have equal attributes, exactly as Yjs returns them.
     */
    public List<Map<String, Object>> toDelta() {
        List<Map<String, Object>> ops = new ArrayList<>();
        Map<String, Object> current = new LinkedHashMap<>();
        StringBuilder str = new StringBuilder();
        for (Item n = start; n != null; n = n.right) {
            if (n.deleted()) {
                continue;
            }
            Content c = n.content;
            if (c instanceof ContentString s) {
                str.append(s.str);
            } else if (c instanceof ContentType || c instanceof ContentEmbed) {
                packStr(ops, str, current);
                Map<String, Object> op = new LinkedHashMap<>();
                op.put("insert", c.values().get(0));
                if (!current.isEmpty()) {
                    op.put("attributes", new LinkedHashMap<>(current));
                }
                ops.add(op);
            } else if (c instanceof ContentFormat f) {
                packStr(ops, str, current);
                updateCurrentAttributes(current, f);
            }
        }
        packStr(ops, str, current);
        return ops;
    }

    private static void packStr(List<Map<String, Object>> ops, StringBuilder str, Map<String, Object> current) {
        if (str.length() > 0) {
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("insert", str.toString());
            if (!current.isEmpty()) {
                op.put("attributes", new LinkedHashMap<>(current));
            }
            ops.add(op);
            str.setLength(0);
        }
    }

    // ---- positions ----------------------------------------------------------------------------

    /** A gap between two items plus the formatting in effect there. */
    static final class Pos {

        Item left;
        Item right;
        int index;
        final Map<String, Object> attrs;

        Pos(Item left, Item right, int index, Map<String, Object> attrs) {
            this.left = left;
            this.right = right;
            this.index = index;
            this.attrs = attrs;
        }

        void forward() {
            Item r = right;
            if (r.content instanceof ContentFormat f) {
                if (!r.deleted()) {
                    updateCurrentAttributes(attrs, f);
                }
            } else if (!r.deleted()) {
                index += r.length;
            }
            left = r;
            right = r.right;
        }
    }

    static void updateCurrentAttributes(Map<String, Object> attrs, ContentFormat f) {
        if (f.value == null) {
            attrs.remove(f.key);
        } else {
            attrs.put(f.key, f.value);
        }
    }

    /**
     * Plain text (no format markers) can start from the cached position of the last local edit;
     * with formatting we walk from the start so the attributes in effect are exact.
     */
    Pos findPosition(Transaction txn, int index) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        Pos pos;
        if (!hasFormatting && cacheItem != null && index > 0) {
            Item p = cacheItem;
            int pi = cacheIndex;
            while (pi > index && p.left != null) {
                p = p.left;
                if (!p.deleted() && p.countable()) {
                    pi -= p.length;
                }
            }
            pos = new Pos(p.left, p, pi, attrs);
        } else {
            pos = new Pos(null, start, 0, attrs);
        }
        return findNextPosition(txn, pos, index - pos.index);
    }

    private static Pos findNextPosition(Transaction txn, Pos pos, int count) {
        while (pos.right != null && count > 0) {
            Item r = pos.right;
            if (r.content instanceof ContentFormat f) {
                if (!r.deleted()) {
                    updateCurrentAttributes(pos.attrs, f);
                }
            } else if (!r.deleted()) {
                if (count < r.length) {
                    txn.doc.store.getItemCleanStart(txn, new ID(r.client, r.clock + count));
                }
                pos.index += r.length;
                count -= r.length;
            }
            pos.left = r;
            pos.right = r.right;
        }
        return pos;
    }

    private void rememberPosition(Item item, int index) {
        cacheItem = item;
        cacheIndex = index;
    }

    // ---- editing algorithms (these define what a local edit produces) -------------------------

    static boolean equalAttrs(Object a, Object b) {
        if (Any.strictEquals(a, b)) {
            return true;
        }
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            if (ma.size() != mb.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                if (!mb.containsKey(e.getKey()) || !Any.strictEquals(e.getValue(), mb.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!Any.strictEquals(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private void insertNegatedAttributes(Transaction txn, Pos pos, Map<String, Object> negated) {
        while (pos.right != null && (pos.right.deleted() || (pos.right.content instanceof ContentFormat f
                && equalAttrs(negated.get(f.key), f.value) && negated.containsKey(f.key)))) {
            if (!pos.right.deleted()) {
                negated.remove(((ContentFormat) pos.right.content).key);
            }
            pos.forward();
        }
        for (Map.Entry<String, Object> e : negated.entrySet()) {
            Item f = insertItem(txn, pos.left, pos.right, null, new ContentFormat(e.getKey(), e.getValue()));
            pos.right = f;
            pos.forward();
        }
    }

    private static void minimizeAttributeChanges(Pos pos, Map<String, Object> attributes) {
        while (pos.right != null) {
            Item r = pos.right;
            if (r.deleted() || (r.content instanceof ContentFormat f && equalAttrs(attributes.get(f.key), f.value))) {
                pos.forward();
            } else {
                break;
            }
        }
    }

    private Map<String, Object> insertAttributes(Transaction txn, Pos pos, Map<String, Object> attributes) {
        Map<String, Object> negated = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            String key = e.getKey();
            Object val = e.getValue();
            Object currentVal = pos.attrs.get(key);
            if (!equalAttrs(currentVal, val)) {
                negated.put(key, currentVal);
                pos.right = insertItem(txn, pos.left, pos.right, null, new ContentFormat(key, val));
                pos.forward();
            }
        }
        return negated;
    }

    private void insertText(Transaction txn, Pos pos, Content content, Map<String, Object> attributes) {
        for (String key : pos.attrs.keySet()) {
            if (!attributes.containsKey(key)) {
                attributes.put(key, null);
            }
        }
        minimizeAttributeChanges(pos, attributes);
        Map<String, Object> negated = insertAttributes(txn, pos, attributes);
        int index = pos.index;
        Item item = insertItem(txn, pos.left, pos.right, null, content);
        pos.right = item;
        pos.index = index;
        pos.forward();
        rememberPosition(item, index);
        insertNegatedAttributes(txn, pos, negated);
    }

    private void formatText(Transaction txn, Pos pos, int length, Map<String, Object> attributes) {
        minimizeAttributeChanges(pos, attributes);
        Map<String, Object> negated = insertAttributes(txn, pos, attributes);
        loop : while (pos.right != null && (length > 0
                || (!negated.isEmpty() && (pos.right.deleted() || pos.right.content instanceof ContentFormat)))) {
            Item r = pos.right;
            if (!r.deleted()) {
                if (r.content instanceof ContentFormat f) {
                    if (attributes.containsKey(f.key)) {
                        Object attr = attributes.get(f.key);
                        if (equalAttrs(attr, f.value)) {
                            negated.remove(f.key);
                        } else {
                            if (length == 0) {
                                break loop;
                            }
                            negated.put(f.key, f.value);
                        }
                        r.delete(txn);
                    } else {
                        pos.attrs.put(f.key, f.value);
                    }
                } else {
                    if (length < r.length) {
                        txn.doc.store.getItemCleanStart(txn, new ID(r.client, r.clock + length));
                    }
                    length -= r.length;
                }
            }
            pos.forward();
        }
        if (length > 0) {
            // Quill expects a trailing newline; Yjs adds the missing ones when formatting past the end
            Item nl = insertItem(txn, pos.left, pos.right, null, new ContentString("\n".repeat(length)));
            pos.right = nl;
            pos.forward();
        }
        insertNegatedAttributes(txn, pos, negated);
        forgetPosition();
    }

    private void deleteText(Transaction txn, Pos pos, int length) {
        Map<String, Object> startAttrs = new LinkedHashMap<>(pos.attrs);
        Item start = pos.right;
        while (length > 0 && pos.right != null) {
            Item r = pos.right;
            if (!r.deleted()) {
                Content c = r.content;
                if (c instanceof ContentType || c instanceof ContentEmbed || c instanceof ContentString) {
                    if (length < r.length) {
                        txn.doc.store.getItemCleanStart(txn, new ID(r.client, r.clock + length));
                    }
                    length -= r.length;
                    r.delete(txn);
                }
            }
            pos.forward();
        }
        if (start != null) {
            cleanupFormattingGap(txn, start, pos.right, startAttrs, pos.attrs);
        }
        if (pos.right != null && !hasFormatting) {
            rememberPosition(pos.right, pos.index);
        } else {
            forgetPosition();
        }
    }

    // ---- formatting clean-up (must match Yjs exactly: it runs on remote transactions) ----------

    static int cleanupFormattingGap(Transaction txn, Item start, Item curr, Map<String, Object> startAttributes,
            Map<String, Object> currAttributes) {
        Item end = start;
        Map<String, ContentFormat> endFormats = new LinkedHashMap<>();
        while (end != null && (!end.countable() || end.deleted())) {
            if (!end.deleted() && end.content instanceof ContentFormat cf) {
                endFormats.put(cf.key, cf);
            }
            end = end.right;
        }
        int cleanups = 0;
        boolean reachedCurr = false;
        while (start != end) {
            if (curr == start) {
                reachedCurr = true;
            }
            if (!start.deleted() && start.content instanceof ContentFormat cf) {
                String key = cf.key;
                Object value = cf.value;
                Object startAttrValue = startAttributes.get(key);
                if (endFormats.get(key) != cf || Any.strictEquals(startAttrValue, value)) {
                    start.delete(txn);
                    cleanups++;
                    if (!reachedCurr && Any.strictEquals(currAttributes.get(key), value)
                            && !Any.strictEquals(startAttrValue, value)) {
                        if (startAttrValue == null) {
                            currAttributes.remove(key);
                        } else {
                            currAttributes.put(key, startAttrValue);
                        }
                    }
                }
                if (!reachedCurr && !start.deleted()) {
                    updateCurrentAttributes(currAttributes, cf);
                }
            }
            start = start.right;
        }
        return cleanups;
    }

    static void cleanupContextlessFormattingGap(Transaction txn, Item item) {
        while (item != null && item.right != null && (item.right.deleted() || !item.right.countable())) {
            item = item.right;
        }
        Set<String> attrs = new java.util.HashSet<>();
        while (item != null && (item.deleted() || !item.countable())) {
            if (!item.deleted() && item.content instanceof ContentFormat cf) {
                if (attrs.contains(cf.key)) {
                    item.delete(txn);
                } else {
                    attrs.add(cf.key);
                }
            }
            item = item.left;
        }
    }

    /** Removes redundant format markers from a whole type; returns how many were removed. */
    static int cleanupFormatting(AbstractType type) {
        int[] res = {0};
        type.doc.transact(txn -> {
            Item start = type.start;
            Item end = type.start;
            Map<String, Object> startAttributes = new LinkedHashMap<>();
            Map<String, Object> currentAttributes = new LinkedHashMap<>();
            while (end != null) {
                if (!end.deleted()) {
                    if (end.content instanceof ContentFormat f) {
                        updateCurrentAttributes(currentAttributes, f);
                    } else {
                        res[0] += cleanupFormattingGap(txn, start, end, startAttributes, currentAttributes);
                        startAttributes = new LinkedHashMap<>(currentAttributes);
                        start = end;
                    }
                }
                end = end.right;
            }
        });
        return res[0];
    }

    static void cleanupAfterTransaction(Transaction txn) {
        Set<AbstractType> needFullCleanup = new LinkedHashSet<>();
        YDoc doc = txn.doc;
        StructStore store = doc.store;
        for (Map.Entry<Long, Integer> e : txn.afterState.entrySet()) {
            int clock = txn.beforeClock(e.getKey());
            if (e.getValue() == clock) {
                continue;
            }
            StructList structs = store.list(e.getKey());
            for (int i = structs.findIndex(clock); i < structs.size; i++) {
                if (structs.get(i) instanceof Item item && !item.deleted() && item.content instanceof ContentFormat) {
                    needFullCleanup.add(item.parent);
                }
            }
        }
        doc.transact(t -> {
            for (Map.Entry<Long, List<DeleteSet.Range>> e : txn.deleteSet.clients.entrySet()) {
                StructList structs = store.list(e.getKey());
                if (structs == null) {
                    continue;
                }
                int clockState = structs.nextClock();
                for (DeleteSet.Range r : e.getValue()) {
                    if (r.clock >= clockState) {
                        break;
                    }
                    iterateStructs(txn, structs, r.clock, r.len, s -> {
                        if (!(s instanceof Item item) || !item.parent.hasFormatting
                                || needFullCleanup.contains(item.parent)) {
                            return;
                        }
                        if (item.content instanceof ContentFormat) {
                            needFullCleanup.add(item.parent);
                        } else {
                            cleanupContextlessFormattingGap(t, item);
                        }
                    });
                }
            }
            for (AbstractType type : new ArrayList<>(needFullCleanup)) {
                cleanupFormatting(type);
            }
        });
    }

    /** Visits the structs covering [clockStart, clockStart+len), splitting at both ends as Yjs does. */
    static void iterateStructs(Transaction txn, StructList structs, int clockStart, int len,
            java.util.function.Consumer<Struct> f) {
        if (len == 0) {
            return;
        }
        int clockEnd = clockStart + len;
        int index = findIndexCleanStart(txn, structs, clockStart);
        Struct s;
        do {
            s = structs.get(index++);
            if (clockEnd < s.clock + s.length) {
                findIndexCleanStart(txn, structs, clockEnd);
            }
            f.accept(s);
        } while (index < structs.size && structs.get(index).clock < clockEnd);
    }

    private static int findIndexCleanStart(Transaction txn, StructList structs, int clock) {
        int index = structs.findIndex(clock);
        Struct s = structs.get(index);
        if (s.clock < clock && s instanceof Item item) {
            structs.insert(index + 1, item.split(txn, clock - item.clock));
            return index + 1;
        }
        return index;
    }
}
