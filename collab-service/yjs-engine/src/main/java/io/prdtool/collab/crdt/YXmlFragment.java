package io.prdtool.collab.crdt;

import java.util.ArrayList;
import java.util.List;

/** An ordered list of XML nodes ({@link YXmlElement}, {@link YXmlText}); ProseMirror's document root. */
public class YXmlFragment extends AbstractType {

    public YXmlFragment() {
    }

    @Override
    int typeRef() {
        return 4;
    }

    /** Inserts new, unattached nodes at {@code index}. */
    public void insert(int index, List<? extends AbstractType> nodes) {
        requireDoc();
        doc.transact(txn -> listInsert(txn, index, nodes));
    }

    public void delete(int index, int len) {
        requireDoc();
        doc.transact(txn -> listDelete(txn, index, len));
    }

    public Object get(int index) {
        return listGet(index);
    }

    /** Child nodes (normally {@link YXmlElement} and {@link YXmlText}). */
    public List<Object> children() {
        return listValues();
    }

    /** The XML rendering Yjs's {@code toString()} produces. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Object child : listValues()) {
            sb.append(jsString(child));
        }
        return sb.toString();
    }

    @Override
    public Object toJson() {
        return toString();
    }

    List<Object> childrenJson() {
        List<Object> out = new ArrayList<>();
        for (Object c : listValues()) {
            out.add(toJsonValue(c));
        }
        return out;
    }
}
