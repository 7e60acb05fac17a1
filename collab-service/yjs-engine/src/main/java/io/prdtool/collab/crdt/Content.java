package io.prdtool.collab.crdt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.prdtool.collab.crdt.lib0.Any;
import io.prdtool.collab.crdt.lib0.Json;

/** What an {@link Item} holds. The set of kinds is fixed by the wire format (info bits 1–9). */
public sealed interface Content permits ContentDeleted, ListContent, ContentBinary, ContentString, ContentEmbed,
        ContentFormat, ContentType, ContentDoc {

    int length();

    boolean countable();

    /** Keeps the first {@code offset} units and returns the rest as new content. */
    Content splice(int offset);

    /** Appends {@code right} when both are of this kind and mergeable. */
    boolean mergeWith(Content right);

    Content copy();

    int ref();

    void write(UpdateEncoder encoder, int offset);

    /** The values this content contributes to an array view. */
    List<Object> values();

    default void integrate(Transaction txn, Item item) {
    }

    default void delete(Transaction txn) {
    }

    default void gc(StructStore store) {
    }

    static Content read(UpdateDecoder d, int ref) {
        switch (ref) {
            case 1 :
                return new ContentDeleted(positive(d.readLen()));
            case 2 : {
                int len = positive(d.readLen());
                List<Object> values = new ArrayList<>(Math.min(len, 1024));
                for (int i = 0; i < len; i++) {
                    String s = d.readString();
                    values.add("undefined".equals(s) ? Any.UNDEFINED : parseJson(s));
                }
                return new ContentJson(values);
            }
            case 3 :
                return new ContentBinary(d.readBuf());
            case 4 : {
                String s = d.readString();
                if (s.isEmpty()) {
                    throw new MalformedUpdateException("empty string content");
                }
                return new ContentString(s);
            }
            case 5 :
                return new ContentEmbed(d.readJSON());
            case 6 : {
                String key = d.readKey();
                return new ContentFormat(key, d.readJSON());
            }
            case 7 :
                return new ContentType(AbstractType.readType(d));
            case 8 : {
                int len = positive(d.readLen());
                List<Object> values = new ArrayList<>(Math.min(len, 1024));
                for (int i = 0; i < len; i++) {
                    values.add(d.readAny());
                }
                return new ContentAny(values);
            }
            case 9 : {
                String guid = d.readString();
                Object opts = d.readAny();
                if (!(opts instanceof Map<?, ?>)) {
                    throw new MalformedUpdateException("subdocument options must be an object");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) opts;
                return new ContentDoc(guid, m);
            }
            default :
                throw new MalformedUpdateException("unknown content kind " + ref);
        }
    }

    private static int positive(int len) {
        if (len <= 0) {
            throw new MalformedUpdateException("content length must be positive");
        }
        return len;
    }

    private static Object parseJson(String s) {
        try {
            return Json.parse(s);
        } catch (RuntimeException e) {
            throw new MalformedUpdateException("invalid JSON in update", e);
        }
    }
}

/** Content that was deleted and collected; only its length remains. */
final class ContentDeleted implements Content {

    int len;

    ContentDeleted(int len) {
        this.len = len;
    }

    @Override
    public int length() {
        return len;
    }

    @Override
    public boolean countable() {
        return false;
    }

    @Override
    public Content splice(int offset) {
        ContentDeleted right = new ContentDeleted(len - offset);
        len = offset;
        return right;
    }

    @Override
    public boolean mergeWith(Content right) {
        len += ((ContentDeleted) right).len;
        return true;
    }

    @Override
    public Content copy() {
        return new ContentDeleted(len);
    }

    @Override
    public int ref() {
        return 1;
    }

    @Override
    public void write(UpdateEncoder e, int offset) {
        e.writeLen(len - offset);
    }

    @Override
    public List<Object> values() {
        return List.of();
    }

    @Override
    public void integrate(Transaction txn, Item item) {
        txn.deleteSet.add(item.client, item.clock, len);
        item.markDeleted();
    }
}

/**
 * Content that is a run of values (ContentAny, the legacy ContentJson): split, merged and copied as a list; the
 * subclasses differ only in their ref number and wire encoding.
 */
abstract sealed class ListContent implements Content permits ContentJson, ContentAny {

    List<Object> arr;

    ListContent(List<Object> arr) {
        this.arr = arr;
    }

    /** The same kind of content holding {@code values}. */
    abstract ListContent withValues(List<Object> values);

    @Override
    public int length() {
        return arr.size();
    }

    @Override
    public boolean countable() {
        return true;
    }

    @Override
    public Content splice(int offset) {
        ListContent right = withValues(new ArrayList<>(arr.subList(offset, arr.size())));
        arr = new ArrayList<>(arr.subList(0, offset));
        return right;
    }

    @Override
    public boolean mergeWith(Content right) {
        arr = new ArrayList<>(arr);
        arr.addAll(((ListContent) right).arr);
        return true;
    }

    @Override
    public Content copy() {
        return withValues(new ArrayList<>(arr));
    }

    @Override
    public List<Object> values() {
        return arr;
    }
}

/** Legacy JSON array content (older Yjs versions); still readable and writable. */
final class ContentJson extends ListContent {

    ContentJson(List<Object> arr) {
        super(arr);
    }

    @Override
    ListContent withValues(List<Object> values) {
        return new ContentJson(values);
    }

    @Override
    public int ref() {
        return 2;
    }

    @Override
    public void write(UpdateEncoder e, int offset) {
        e.writeLen(arr.size() - offset);
        for (int i = offset; i < arr.size(); i++) {
            Object c = arr.get(i);
            e.writeString(c == Any.UNDEFINED ? "undefined" : Json.stringify(c));
        }
    }

}

final class ContentBinary implements Content {

    final byte[] bytes;

    ContentBinary(byte[] bytes) {
        this.bytes = bytes;
    }

    @Override
    public int length() {
        return 1;
    }

    @Override
    public boolean countable() {
        return true;
    }

    @Override
    public Content splice(int offset) {
        throw new IllegalStateException("binary content cannot be split");
    }

    @Override
    public boolean mergeWith(Content right) {
        return false;
    }

    @Override
    public Content copy() {
        return this;
    }

    @Override
    public int ref() {
        return 3;
    }

    @Override
    public void write(UpdateEncoder e, int offset) {
        e.writeBuf(bytes);
    }

    @Override
    public List<Object> values() {
        return List.of(bytes);
    }
}

/** Text; its length is counted in UTF-16 code units, as JavaScript does. */
final class ContentString implements Content {

    String str;

    ContentString(String str) {
        this.str = str;
    }

    @Override
    public int length() {
        return str.length();
    }

    @Override
    public boolean countable() {
        return true;
    }

    @Override
    public Content splice(int offset) {
        ContentString right = new ContentString(str.substring(offset));
        str = str.substring(0, offset);
        // Yjs replaces a split surrogate pair with U+FFFD on both sides; peers must agree
        char last = str.charAt(offset - 1);
        if (Character.isHighSurrogate(last)) {
            str = str.substring(0, offset - 1) + '\uFFFD';
            right.str = '\uFFFD' + right.str.substring(1);
        }
        return right;
    }

    @Override
    public boolean mergeWith(Content right) {
        str = str.concat(((ContentString) right).str);
        return true;
    }

    @Override
    public Content copy() {
        return new ContentString(str);
    }

    @Override
    public int ref() {
        return 4;
    }

    @Override
    public void write(UpdateEncoder e, int offset) {
        e.writeString(offset == 0 ? str : str.substring(offset));
    }

    @Override
    public List<Object> values() {
        List<Object> out = new ArrayList<>(str.length());
        for (int i = 0; i < str.length(); i++) {
            out.add(String.valueOf(str.charAt(i)));
        }
        return out;
    }
}

final class ContentEmbed implements Content {

    final Object embed;

    ContentEmbed(Object embed) {
        this.embed = embed;
    }

    @Override
    public int length() {
        return 1;
    }

    @Override
    public boolean countable() {
        return true;
    }

    @Override
    public Content splice(int offset) {
        throw new IllegalStateException("embed content cannot be split");
    }

    @Override
    public boolean mergeWith(Content right) {
        return false;
    }

    @Override
    public Content copy() {
        return this;
    }

    @Override
    public int ref() {
        return 5;
    }

    @Override
    public void write(UpdateEncoder e, int offset) {
        e.writeJSON(Json.stringify(embed));
    }

    @Override
    public List<Object> values() {
        return java.util.Collections.singletonList(embed);
    }
}

/** A rich-text formatting marker: from here on, attribute {@code key} has {@code value} (null ends it). */
final class ContentFormat implements Content {

    final String key;
    final Object value;

    ContentFormat(String key, Object value) {
        this.key = key;
        this.value = value;
    }

    @Override
    public int length() {
        return 1;
    }

    @Override
    public boolean countable() {
        return false;
    }

    @Override
    public Content splice(int offset) {
        throw new IllegalStateException("format content cannot be split");
    }

    @Override
    public boolean mergeWith(Content right) {
        return false;
    }

    @Override
    public Content copy() {
        return this;
    }

    @Override
    public int ref() {
        return 6;
    }

    @Override
    public void write(UpdateEncoder e, int offset) {
        e.writeKey(key);
        e.writeJSON(Json.stringify(value));
    }

    @Override
    public List<Object> values() {
        return List.of();
    }

    @Override
    public void integrate(Transaction txn, Item item) {
        item.parent.hasFormatting = true;
        item.parent.forgetPosition();
    }
}

/** A nested shared type. */
final class ContentType implements Content {

    final AbstractType type;

    ContentType(AbstractType type) {
        this.type = type;
    }

    @Override
    public int length() {
        return 1;
    }

    @Override
    public boolean countable() {
        return true;
    }

    @Override
    public Content splice(int offset) {
        throw new IllegalStateException("type content cannot be split");
    }

    @Override
    public boolean mergeWith(Content right) {
        return false;
    }

    @Override
    public Content copy() {
        return this;
    }

    @Override
    public int ref() {
        return 7;
    }

    @Override
    public void write(UpdateEncoder e, int offset) {
        type.writeTypeRef(e);
    }

    @Override
    public List<Object> values() {
        return java.util.Collections.singletonList(type);
    }

    @Override
    public void integrate(Transaction txn, Item item) {
        type.integrate(txn.doc, item);
    }

    @Override
    public void delete(Transaction txn) {
        for (Item item = type.start; item != null; item = item.right) {
            if (!item.deleted()) {
                item.delete(txn);
            } else if (item.clock < txn.beforeClock(item.client)) {
                // deleted earlier and not in this transaction's delete set, so cleanup would not try to merge it
                txn.mergeStructs.add(item);
            }
        }
        for (Item item : type.map.values()) {
            if (!item.deleted()) {
                item.delete(txn);
            } else if (item.clock < txn.beforeClock(item.client)) {
                txn.mergeStructs.add(item);
            }
        }
        txn.removeChangedType(type);
    }

    @Override
    public void gc(StructStore store) {
        Item item = type.start;
        while (item != null) {
            item.gc(store, true);
            item = item.right;
        }
        type.start = null;
        for (Item last : type.map.values()) {
            Item i = last;
            while (i != null) {
                i.gc(store, true);
                i = i.left;
            }
        }
        type.map = new LinkedHashMap<>();
    }
}

/** Plain values (numbers, strings, objects, arrays, bytes, booleans, null). */
final class ContentAny extends ListContent {

    ContentAny(List<Object> arr) {
        super(arr);
    }

    @Override
    ListContent withValues(List<Object> values) {
        return new ContentAny(values);
    }

    @Override
    public int ref() {
        return 8;
    }

    @Override
    public void write(UpdateEncoder e, int offset) {
        e.writeLen(arr.size() - offset);
        for (int i = offset; i < arr.size(); i++) {
            e.writeAny(arr.get(i));
        }
    }

}

/**
 * A subdocument reference. This engine keeps the reference (guid and options) without loading the
 * subdocument; a server peer relays it unchanged.
 */
final class ContentDoc implements Content {

    final String guid;
    final Map<String, Object> opts;

    ContentDoc(String guid, Map<String, Object> opts) {
        this.guid = guid;
        // the options Yjs writes back are normalised: only gc=false, autoLoad=true and meta survive
        Map<String, Object> norm = new LinkedHashMap<>();
        if (Boolean.FALSE.equals(opts.get("gc"))) {
            norm.put("gc", false);
        }
        if (Boolean.TRUE.equals(opts.get("autoLoad"))) {
            norm.put("autoLoad", true);
        }
        Object meta = opts.get("meta");
        if (meta != null && meta != Any.UNDEFINED) {
            norm.put("meta", meta);
        }
        this.opts = norm;
    }

    public String guid() {
        return guid;
    }

    @Override
    public int length() {
        return 1;
    }

    @Override
    public boolean countable() {
        return true;
    }

    @Override
    public Content splice(int offset) {
        throw new IllegalStateException("doc content cannot be split");
    }

    @Override
    public boolean mergeWith(Content right) {
        return false;
    }

    @Override
    public Content copy() {
        return this;
    }

    @Override
    public int ref() {
        return 9;
    }

    @Override
    public void write(UpdateEncoder e, int offset) {
        e.writeString(guid);
        e.writeAny(opts);
    }

    @Override
    public List<Object> values() {
        return java.util.Collections.singletonList(this);
    }
}
