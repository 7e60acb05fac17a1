package io.prdtool.collab.crdt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Formatted text inside an XML tree; renders formatting as nested tags like Yjs does. */
public class YXmlText extends YText {

    public YXmlText() {
    }

    @Override
    int typeRef() {
        return 6;
    }

    /** The text content without any formatting markup (what {@link YText#toString()} returns). */
    public String toPlainString() {
        return super.toString();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Map<String, Object> op : toDelta()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> attributes = (Map<String, Object>) op.get("attributes");
            List<String> nodeNames = new ArrayList<>();
            if (attributes != null) {
                nodeNames.addAll(attributes.keySet());
            }
            nodeNames.sort(String::compareTo);
            for (String nodeName : nodeNames) {
                out.append('<').append(nodeName);
                Object value = attributes.get(nodeName);
                for (Map.Entry<String, String> attr : forInEntries(value)) {
                    out.append(' ').append(attr.getKey()).append("=\"").append(attr.getValue()).append('"');
                }
                out.append('>');
            }
            out.append(jsString(op.get("insert")));
            for (int i = nodeNames.size() - 1; i >= 0; i--) {
                out.append("</").append(nodeNames.get(i)).append('>');
            }
        }
        return out.toString();
    }

    /**
     * What JavaScript's {@code for (key in value)} visits, sorted by key as Yjs sorts them (String
     * comparison is by UTF-16 code unit in both languages).
     */
    private static List<Map.Entry<String, String>> forInEntries(Object value) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.add(Map.entry(String.valueOf(e.getKey()), jsString(e.getValue())));
            }
        } else if (value instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                out.add(Map.entry(Integer.toString(i), jsString(l.get(i))));
            }
        } else if (value instanceof String s) {
            for (int i = 0; i < s.length(); i++) {
                out.add(Map.entry(Integer.toString(i), String.valueOf(s.charAt(i))));
            }
        }
        out.sort((a, b) -> a.getKey().compareTo(b.getKey()));
        return out;
    }
}
