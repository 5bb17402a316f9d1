package io.tandem.topology.gtid;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The sources of a GTID set, sorted by key (server UUID or domain id), each with the transactions it
 * contributes. Sources with no transactions are dropped, so equal sets have equal maps.
 *
 * @param <K> the source key
 * @param <V> what a source contributes
 */
final class SourceMap<K extends Comparable<K>, V extends SourceTransactions<V>> {

    private final SortedMap<K, V> sources;

    private SourceMap(SortedMap<K, V> sources) {
        this.sources = Collections.unmodifiableSortedMap(sources);
    }

    static <K extends Comparable<K>, V extends SourceTransactions<V>> SourceMap<K, V> empty() {
        return new SourceMap<>(new TreeMap<K, V>());
    }

    static <K extends Comparable<K>, V extends SourceTransactions<V>> SourceMap<K, V> of(Map<K, V> sources) {
        TreeMap<K, V> nonEmpty = new TreeMap<>(sources);
        nonEmpty.values().removeIf(v -> v.numbers().isEmpty());
        return new SourceMap<>(nonEmpty);
    }

    SortedMap<K, V> asMap() {
        return sources;
    }

    boolean isEmpty() {
        return sources.isEmpty();
    }

    long count() {
        long count = 0;
        for (V transactions : sources.values()) {
            count = Math.addExact(count, transactions.numbers().count());
        }
        return count;
    }

    SourceMap<K, V> union(SourceMap<K, V> other) {
        TreeMap<K, V> merged = new TreeMap<>(sources);
        other.sources.forEach((key, theirs) -> merged.merge(key, theirs, SourceTransactions::union));
        return new SourceMap<>(merged);
    }

    SourceMap<K, V> subtract(SourceMap<K, V> other) {
        TreeMap<K, V> left = new TreeMap<>();
        sources.forEach((key, mine) -> {
            V theirs = other.sources.get(key);
            left.put(key, theirs == null ? mine : mine.subtract(theirs));
        });
        return of(left);
    }

    SourceMap<K, V> intersect(SourceMap<K, V> other) {
        TreeMap<K, V> common = new TreeMap<>();
        sources.forEach((key, mine) -> {
            V theirs = other.sources.get(key);
            if (theirs != null) {
                common.put(key, mine.intersect(theirs));
            }
        });
        return of(common);
    }

    /** Compares transactions only: a MariaDB domain's server id says who wrote it, not what it holds. */
    boolean contains(SourceMap<K, V> other) {
        return other.sources.entrySet().stream().allMatch(entry -> {
            V mine = sources.get(entry.getKey());
            return mine != null && mine.numbers().contains(entry.getValue().numbers());
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceMap<?, ?> other && sources.equals(other.sources);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(sources);
    }

    @Override
    public String toString() {
        return sources.toString();
    }
}
