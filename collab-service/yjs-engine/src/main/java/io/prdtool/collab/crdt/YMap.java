package io.prdtool.collab.crdt;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.prdtool.collab.crdt.lib0.Any;

/** A shared map from string keys to values or nested types; concurrent writes: last writer by YATA order wins. */
public class YMap extends AbstractType {

    public YMap() {
    }

    @Override
    int typeRef() {
        return 1;
    }

    public void set(String key, Object value) {
        requireDoc();
        doc.transact(txn -> mapSet(txn, key, value));
    }

    public void delete(String key) {
        requireDoc();
        doc.transact(txn -> mapDelete(txn, key));
    }

    /** The value, or null when absent; use {@link #has} to tell an absent key from a null value. */
    public Object get(String key) {
        Object v = mapGet(key);
        return v == Any.UNDEFINED ? null : v;
    }

    public boolean has(String key) {
        Item v = map.get(key);
        return v != null && !v.deleted();
    }

    public Set<String> keys() {
        return mapGetAll().keySet();
    }

    public int size() {
        return mapGetAll().size();
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : mapGetAll().entrySet()) {
            out.put(e.getKey(), toJsonValue(e.getValue()));
        }
        return out;
    }
}
