package io.prdtool.collab.crdt;

import java.util.Arrays;

/** The structs of one client, sorted by clock and covering its clocks without gaps. */
final class StructList {

    Struct[] a = new Struct[8];
    int size;

    Struct get(int i) {
        return a[i];
    }

    Struct last() {
        return a[size - 1];
    }

    int nextClock() {
        Struct l = a[size - 1];
        return l.clock + l.length;
    }

    void add(Struct s) {
        if (size == a.length) {
            a = Arrays.copyOf(a, size * 2);
        }
        a[size++] = s;
    }

    void insert(int index, Struct s) {
        if (size == a.length) {
            a = Arrays.copyOf(a, size * 2);
        }
        System.arraycopy(a, index, a, index + 1, size - index);
        a[index] = s;
        size++;
    }

    void set(int index, Struct s) {
        a[index] = s;
    }

    void removeRange(int from, int count) {
        System.arraycopy(a, from + count, a, from, size - from - count);
        Arrays.fill(a, size - count, size, null);
        size -= count;
    }

    /** Index of the struct containing {@code clock}; the clock must be covered. */
    int findIndex(int clock) {
        int left = 0;
        int right = size - 1;
        Struct mid = a[right];
        int midClock = mid.clock;
        if (midClock <= clock) {
            // the newest struct is the most common target (sequential decoding, typing at the end)
            if (clock < midClock + mid.length) {
                return right;
            }
            throw new IllegalStateException("clock " + clock + " not in store");
        }
        // clocks are dense, so interpolation lands near the target
        int midIndex = (int) (((long) clock * right) / Math.max(1, midClock + mid.length - 1));
        midIndex = Math.max(0, Math.min(right, midIndex));
        while (left <= right) {
            mid = a[midIndex];
            midClock = mid.clock;
            if (midClock <= clock) {
                if (clock < midClock + mid.length) {
                    return midIndex;
                }
                left = midIndex + 1;
            } else {
                right = midIndex - 1;
            }
            midIndex = (left + right) >>> 1;
        }
        throw new IllegalStateException("clock " + clock + " not in store");
    }
}
