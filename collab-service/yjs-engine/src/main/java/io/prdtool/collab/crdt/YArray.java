package io.prdtool.collab.crdt;

import java.util.ArrayList;
import java.util.List;

/** A shared list of values and nested types. */
public class YArray extends AbstractType {

    public YArray() {
    }

    @Override
    int typeRef() {
        return 0;
    }

    public void insert(int index, List<?> values) {
        requireDoc();
        doc.transact(txn -> listInsert(txn, index, values));
    }

    public void push(List<?> values) {
        insert(length, values);
    }

    public void delete(int index, int len) {
        requireDoc();
        doc.transact(txn -> listDelete(txn, index, len));
    }

    public Object get(int index) {
        return listGet(index);
    }

    public List<Object> toList() {
        return listValues();
    }

    @Override
    public List<Object> toJson() {
        List<Object> out = new ArrayList<>(length);
        for (Object v : listValues()) {
            out.add(toJsonValue(v));
        }
        return out;
    }
}
