/**
 * A Yjs-compatible CRDT engine in plain Java (no framework), byte-compatible with Yjs 13.6 on the
 * wire and in stored state.
 *
 * <h2>Using it as a server peer</h2>
 *
 * <pre>{@code
 * YDoc doc = new YDoc(clientId);                    // or new YDoc() for a random client id
 * Updates.applyUpdate(doc, bytesFromClient, origin); // validated first; MalformedUpdateException leaves doc as is
 * byte[] diff = Updates.encodeStateAsUpdate(doc, theirStateVector); // sync step 2
 * byte[] sv = Updates.encodeStateVector(doc);                       // sync step 1
 * Runnable off = doc.onUpdate((update, origin, local) -> broadcast(update));
 * doc.transact(txn -> doc.getText("text").insert(0, "hello"));
 * String md = ProseMirrorText.markdown(doc.getXmlFragment("prosemirror"));
 * }</pre>
 *
 * <h2>Where things are</h2>
 * <ul>
 * <li>{@code lib0} – lib0 binary encoding ({@code Lib0Reader}/{@code Lib0Writer}, {@code any} values,
 * JSON as JavaScript writes it).</li>
 * <li>{@link io.prdtool.collab.crdt.Updates} – update format v1 (decode, validate, apply, encode),
 * state vectors; the pending-struct and pending-delete logic that lets updates arrive out of order.</li>
 * <li>{@link io.prdtool.collab.crdt.Item}, {@link io.prdtool.collab.crdt.GC},
 * {@link io.prdtool.collab.crdt.Skip}, {@link io.prdtool.collab.crdt.Content} – the structs and their
 * content kinds; {@code Item.integrate} is YATA exactly as Yjs orders concurrent inserts.</li>
 * <li>{@link io.prdtool.collab.crdt.YDoc} and {@link io.prdtool.collab.crdt.Transaction} – the
 * transaction life cycle: observers, Yjs's formatting clean-up after remote changes, garbage
 * collection of deleted content, merging of adjacent structs, the update event.</li>
 * <li>Shared types: {@link io.prdtool.collab.crdt.YText}, {@link io.prdtool.collab.crdt.YMap},
 * {@link io.prdtool.collab.crdt.YArray}, {@link io.prdtool.collab.crdt.YXmlFragment},
 * {@link io.prdtool.collab.crdt.YXmlElement}, {@link io.prdtool.collab.crdt.YXmlText},
 * {@link io.prdtool.collab.crdt.YXmlHook}; {@link io.prdtool.collab.crdt.ProseMirrorText} extracts
 * plain text and Markdown from a ProseMirror document.</li>
 * </ul>
 *
 * <p>
 * Documents are not thread-safe; serialise access per document. Conformance is checked against real
 * Yjs by {@code YjsConformanceTest} (vectors plus a two-way differential fuzz).
 */
package io.prdtool.collab.crdt;
