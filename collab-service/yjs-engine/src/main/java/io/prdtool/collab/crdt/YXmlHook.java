package io.prdtool.collab.crdt;

/** A map-backed custom node in an XML tree, identified by its hook name. */
public class YXmlHook extends YMap {

    private final String hookName;

    public YXmlHook(String hookName) {
        this.hookName = hookName;
    }

    public String hookName() {
        return hookName;
    }

    @Override
    int typeRef() {
        return 5;
    }

    @Override
    void writeTypeRef(UpdateEncoder e) {
        e.writeTypeRef(5);
        e.writeKey(hookName);
    }
}
