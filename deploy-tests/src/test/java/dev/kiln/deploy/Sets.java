package dev.kiln.deploy;

import java.util.Set;
import java.util.TreeSet;

final class Sets {

    private Sets() {
    }

    /** The elements of a that are not in b, sorted, so a failing assertion lists exactly those. */
    static <T extends Comparable<T>> Set<T> difference(Set<T> a, Set<T> b) {
        Set<T> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }
}
