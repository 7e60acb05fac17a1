package io.prdtool.collab.crdt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An XML element: a node name, attributes (a map) and children (a list). */
public class YXmlElement extends YXmlFragment {

    private final String nodeName;

    public YXmlElement(String nodeName) {
        this.nodeName = nodeName;
    }

    public String nodeName() {
        return nodeName;
    }

    @Override
    int typeRef() {
        return 3;
    }

    @Override
    void writeTypeRef(UpdateEncoder e) {
        e.writeTypeRef(3);
        e.writeKey(nodeName);
    }

    public void setAttribute(String name, Object value) {
        requireDoc();
        doc.transact(txn -> mapSet(txn, name, value));
    }

    public void removeAttribute(String name) {
        requireDoc();
        doc.transact(txn -> mapDelete(txn, name));
    }

    public Object getAttribute(String name) {
        Object v = mapGet(name);
        return v == io.prdtool.collab.crdt.lib0.Any.UNDEFINED ? null : v;
    }

    public Map<String, Object> getAttributes() {
        return mapGetAll();
    }

    @Override
    public String toString() {
        Map<String, Object> attrs = mapGetAll();
        List<String> keys = new ArrayList<>(attrs.keySet());
        keys.sort(String::compareTo);
        StringBuilder sb = new StringBuilder();
        String name = nodeName.toLowerCase(java.util.Locale.ROOT);
        sb.append('<').append(name);
        for (String k : keys) {
            sb.append(' ').append(k).append("=\"").append(jsString(attrs.get(k))).append('"');
        }
        sb.append('>').append(super.toString()).append("</").append(name).append('>');
        return sb.toString();
    }
}
