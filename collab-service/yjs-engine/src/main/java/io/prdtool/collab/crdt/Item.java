package io.prdtool.collab.crdt;

/**
 * One run of content in a type's item list (or one value of a map key), with the origins YATA
 * needs to order concurrent insertions the same way on every peer.
 */
public final class Item extends Struct {

    private static final int KEEP = 1;
    private static final int COUNTABLE = 2;
    private static final int DELETED = 4;

    ID origin;
    ID rightOrigin;
    Item left;
    Item right;
    AbstractType parent;
    /** Before integration: a root type name (String) or the parent item's {@link ID}. */
    Object parentRef;
    String parentSub;
    Content content;
    private int info;

    Item(long client, int clock, Item left, ID origin, Item right, ID rightOrigin, AbstractType parent,
            Object parentRef,
            String parentSub, Content content) {
        super(client, clock, content.length());
        this.left = left;
        this.origin = origin;
        this.right = right;
        this.rightOrigin = rightOrigin;
        this.parent = parent;
        this.parentRef = parentRef;
        this.parentSub = parentSub;
        this.content = content;
        this.info = content.countable() ? COUNTABLE : 0;
    }

    public boolean deleted() {
        return (info & DELETED) != 0;
    }

    @Override
    boolean isDeleted() {
        return (info & DELETED) != 0;
    }

    public boolean countable() {
        return (info & COUNTABLE) != 0;
    }

    boolean keep() {
        return (info & KEEP) != 0;
    }

    void markDeleted() {
        info |= DELETED;
    }

    public Content content() {
        return content;
    }

    public String parentSub() {
        return parentSub;
    }

    ID lastId() {
        return length == 1 ? id() : new ID(client, clock + length - 1);
    }

    int lastClock() {
        return clock + length - 1;
    }

    /** The next visible sibling. */
    Item next() {
        Item n = right;
        while (n != null && n.deleted()) {
            n = n.right;
        }
        return n;
    }

    @Override
    long getMissing(Transaction txn, StructStore store) {
        if (origin != null && origin.client() != client && origin.clock() >= store.getState(origin.client())) {
            return origin.client();
        }
        if (rightOrigin != null && rightOrigin.client() != client
                && rightOrigin.clock() >= store.getState(rightOrigin.client())) {
            return rightOrigin.client();
        }
        if (parentRef instanceof ID pid && client != pid.client() && pid.clock() >= store.getState(pid.client())) {
            return pid.client();
        }
        if (parentRef instanceof String rootName) {
            // resolved only now: a pending struct must see the typed root if it was typed meanwhile
            parent = txn.doc.getOrCreateRoot(rootName);
            parentRef = null;
        }
        boolean neighbourCollected = false;
        if (origin != null) {
            // a found left ends exactly at origin (split there), so origin stays as it is (no new ID)
            left = store.getItemCleanEndOrNull(txn, origin);
            if (left == null) {
                neighbourCollected = true;
            }
        }
        if (rightOrigin != null) {
            right = store.getItemCleanStartOrNull(txn, rightOrigin);
            if (right == null) {
                neighbourCollected = true;
            }
        }
        if (left != null && right != null
                && (left.parent != right.parent || !java.util.Objects.equals(left.parentSub, right.parentSub))) {
            // origins in two different lists: no honest peer writes this; keep the document sane
            neighbourCollected = true;
        }
        if (neighbourCollected) {
            // a collected neighbour means the whole region was deleted: this becomes a GC too
            parent = null;
            parentRef = null;
        } else if (parent == null && parentRef == null) {
            if (left != null) {
                parent = left.parent;
                parentSub = left.parentSub;
            } else if (right != null) {
                parent = right.parent;
                parentSub = right.parentSub;
            }
        } else if (parentRef instanceof ID pid) {
            Struct p = store.find(pid);
            parent = p instanceof Item pi && pi.content instanceof ContentType ct ? ct.type : null;
            parentRef = null;
        }
        return -1;
    }

    @Override
    void integrate(Transaction txn, int offset) {
        StructStore store = txn.doc.store;
        if (offset > 0) {
            clock += offset;
            content = content.splice(offset);
            length -= offset;
            ID prev = new ID(client, clock - 1);
            if (store.find(prev) instanceof Item) {
                left = store.getItemCleanEnd(txn, prev);
                origin = left.lastId();
            } else {
                // our copy of the preceding clocks was collected, so this content is deleted as well
                origin = prev;
                parent = null;
            }
        }
        if (parent == null) {
            new GC(client, clock, length).integrate(txn, 0);
            return;
        }
        if ((left == null && (right == null || right.left != null)) || (left != null && left.right != right)) {
            Item l = left;
            Item o;
            if (l != null) {
                o = l.right;
            } else if (parentSub != null) {
                o = parent.map.get(parentSub);
                while (o != null && o.left != null) {
                    o = o.left;
                }
            } else {
                o = parent.start;
            }
            // conflicting items form a prefix of the items before our origin; both are small sets
            java.util.Set<Struct> conflicting = new java.util.HashSet<>();
            java.util.Set<Struct> beforeOrigin = new java.util.HashSet<>();
            while (o != null && o != right) {
                beforeOrigin.add(o);
                conflicting.add(o);
                if (ID.equal(origin, o.origin)) {
                    if (o.client < client) {
                        l = o;
                        conflicting.clear();
                    } else if (ID.equal(rightOrigin, o.rightOrigin)) {
                        break;
                    }
                } else if (o.origin != null && beforeOrigin.contains(store.find(o.origin))) {
                    if (!conflicting.contains(store.find(o.origin))) {
                        l = o;
                        conflicting.clear();
                    }
                } else {
                    break;
                }
                o = o.right;
            }
            left = l;
        }
        if (left != null) {
            right = left.right;
            left.right = this;
        } else {
            Item r;
            if (parentSub != null) {
                r = parent.map.get(parentSub);
                while (r != null && r.left != null) {
                    r = r.left;
                }
            } else {
                r = parent.start;
                parent.start = this;
            }
            right = r;
        }
        if (right != null) {
            right.left = this;
        } else if (parentSub != null) {
            parent.map.put(parentSub, this);
            if (left != null) {
                left.delete(txn);
            }
        }
        if (parentSub == null && countable() && !deleted()) {
            parent.length += length;
        }
        store.addStruct(this);
        content.integrate(txn, this);
        txn.addChangedType(parent, parentSub);
        if ((parent.item != null && parent.item.deleted()) || (parentSub != null && right != null)) {
            delete(txn);
        }
    }

    void delete(Transaction txn) {
        if (!deleted()) {
            if (countable() && parentSub == null) {
                parent.length -= length;
            }
            markDeleted();
            txn.deleteSet.add(client, clock, length);
            txn.addChangedType(parent, parentSub);
            content.delete(txn);
        }
    }

    void gc(StructStore store, boolean parentGCd) {
        if (!deleted() && !parentGCd) {
            throw new IllegalStateException("only deleted items can be collected");
        }
        // a live child of a collected type only exists in hostile input (Yjs throws there); it goes too
        content.gc(store);
        if (parentGCd) {
            store.replaceStruct(this, new GC(client, clock, length));
        } else if (!(content instanceof ContentDeleted)) {
            content = new ContentDeleted(length);
        }
    }

    /** Splits this integrated item; the returned right half starts {@code diff} clocks later. */
    Item split(Transaction txn, int diff) {
        Item r = new Item(client, clock + diff, this, new ID(client, clock + diff - 1), right, rightOrigin, parent,
                null,
                parentSub, content.splice(diff));
        if (deleted()) {
            r.markDeleted();
        }
        if (keep()) {
            r.info |= KEEP;
        }
        right = r;
        if (r.right != null) {
            r.right.left = r;
        }
        txn.mergeStructs.add(r);
        if (r.parentSub != null && r.right == null) {
            parent.map.put(r.parentSub, r);
        }
        length = diff;
        return r;
    }

    @Override
    boolean mergeWith(Struct s) {
        if (!(s instanceof Item r)) {
            return false;
        }
        if (r.origin != null && r.origin.client() == client && r.origin.clock() == clock + length - 1 && right == r
                && ID.equal(rightOrigin, r.rightOrigin) && r.client == client && clock + length == r.clock
                && deleted() == r.deleted() && content.getClass() == r.content.getClass()
                && content.mergeWith(r.content)) {
            if (parent != null) {
                parent.onItemMerged(this, r);
            }
            if (r.keep()) {
                info |= KEEP;
            }
            right = r.right;
            if (right != null) {
                right.left = this;
            }
            length += r.length;
            return true;
        }
        return false;
    }

    @Override
    void write(UpdateEncoder encoder, int offset) {
        write(encoder, offset, false);
    }

    /**
     * @param decodedForm write as Yjs re-writes an item it decoded from an update (when merging
     *        updates): with an origin the map key is not on the wire, so its flag is dropped too
     */
    void write(UpdateEncoder encoder, int offset, boolean decodedForm) {
        ID o = offset > 0 ? new ID(client, clock + offset - 1) : origin;
        boolean subFlag = parentSub != null && !(decodedForm && (o != null || rightOrigin != null));
        int inf = (content.ref() & 0x1F) | (o == null ? 0 : 0x80) | (rightOrigin == null ? 0 : 0x40)
                | (subFlag ? 0x20 : 0);
        encoder.writeInfo(inf);
        if (o != null) {
            encoder.writeLeftID(o.client(), o.clock());
        }
        if (rightOrigin != null) {
            encoder.writeRightID(rightOrigin.client(), rightOrigin.clock());
        }
        if (o == null && rightOrigin == null) {
            if (parent != null) {
                if (parent.item == null) {
                    encoder.writeParentInfo(true);
                    encoder.writeString(parent.rootName);
                } else {
                    encoder.writeParentInfo(false);
                    encoder.writeLeftID(parent.item.client, parent.item.clock);
                }
            } else if (parentRef instanceof String name) {
                encoder.writeParentInfo(true);
                encoder.writeString(name);
            } else if (parentRef instanceof ID pid) {
                encoder.writeParentInfo(false);
                encoder.writeLeftID(pid.client(), pid.clock());
            } else {
                throw new IllegalStateException("item without parent");
            }
            if (parentSub != null) {
                encoder.writeString(parentSub);
            }
        }
        content.write(encoder, offset);
    }

    @Override
    Struct sliceFrom(int diff) {
        return new Item(client, clock + diff, null, new ID(client, clock + diff - 1), null, rightOrigin, parent,
                parentRef,
                parentSub, content.copy().splice(diff));
    }
}
