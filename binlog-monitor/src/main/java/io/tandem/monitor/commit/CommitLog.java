package io.tandem.monitor.commit;

import io.tandem.topology.gtid.GtidSet;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The commit time, in microseconds since the epoch, of each recent primary transaction the binlog monitor saw,
 * bounded by count and by age. Entries arrive in binlog (commit) order; the oldest go first. Thread-safe: the binlog
 * engine records while the lag sampler reads.
 */
public final class CommitLog {

    private record Entry(Gtid gtid, long commitMicros) {
    }

    private final int maxEntries;
    private final long maxAgeMicros;
    private final Deque<Entry> order = new ArrayDeque<>();
    private final Map<String, NavigableMap<Long, Long>> bySource = new HashMap<>();
    private int size;

    /**
     * @param maxEntries how many transactions to keep at most
     * @param maxAgeMicros how much older than the newest recorded commit an entry may be before it is dropped
     */
    public CommitLog(int maxEntries, long maxAgeMicros) {
        if (maxEntries < 1 || maxAgeMicros < 1) {
            throw new IllegalArgumentException("a commit log needs room for at least one entry of positive age");
        }
        this.maxEntries = maxEntries;
        this.maxAgeMicros = maxAgeMicros;
    }

    /** Remembers {@code gtid}'s commit time; a transaction already known keeps its first time (its first row's). */
    public synchronized void record(Gtid gtid, long commitMicros) {
        NavigableMap<Long, Long> times = bySource.computeIfAbsent(gtid.source(), s -> new TreeMap<>());
        if (times.putIfAbsent(gtid.sequence(), commitMicros) != null) {
            return;
        }
        order.addLast(new Entry(gtid, commitMicros));
        size++;
        evict(commitMicros);
    }

    private void evict(long newestMicros) {
        long oldestKept = newestMicros - maxAgeMicros;
        while (size > maxEntries || !order.isEmpty() && order.peekFirst().commitMicros() < oldestKept) {
            Entry oldest = order.removeFirst();
            NavigableMap<Long, Long> times = bySource.get(oldest.gtid().source());
            times.remove(oldest.gtid().sequence());
            if (times.isEmpty()) {
                bySource.remove(oldest.gtid().source());
            }
            size--;
        }
    }

    /** The commit time of exactly {@code gtid}, if it is still held. */
    public synchronized OptionalLong commitMicros(Gtid gtid) {
        NavigableMap<Long, Long> times = bySource.get(gtid.source());
        Long micros = times == null ? null : times.get(gtid.sequence());
        return micros == null ? OptionalLong.empty() : OptionalLong.of(micros);
    }

    /**
     * The commit time of the latest held transaction of {@code gtid}'s source numbered at most {@code gtid}'s
     * sequence: a source numbers its transactions in commit order, so {@code gtid} committed no earlier than that.
     */
    public synchronized OptionalLong commitMicrosAtOrBefore(Gtid gtid) {
        NavigableMap<Long, Long> times = bySource.get(gtid.source());
        Map.Entry<Long, Long> floor = times == null ? null : times.floorEntry(gtid.sequence());
        return floor == null ? OptionalLong.empty() : OptionalLong.of(floor.getValue());
    }

    /** The highest sequence number held of {@code source}, if any: how far the log has caught up with it. */
    public synchronized OptionalLong newestSequence(String source) {
        NavigableMap<Long, Long> times = bySource.get(source);
        return times == null ? OptionalLong.empty() : OptionalLong.of(times.lastKey());
    }

    /** The commit time of the oldest transaction held, if any. */
    public synchronized OptionalLong oldestMicros() {
        return order.isEmpty() ? OptionalLong.empty() : OptionalLong.of(order.peekFirst().commitMicros());
    }

    public synchronized int size() {
        return size;
    }

    /** Every transaction held, as a GTID set. */
    public synchronized GtidSet gtids() {
        StringBuilder text = new StringBuilder();
        bySource.forEach((source, times) -> {
            text.append(text.isEmpty() ? "" : ",").append(source);
            long start = -1;
            long end = -1;
            for (long sequence : times.keySet()) {
                if (sequence != end + 1) {
                    appendInterval(text, start, end);
                    start = sequence;
                }
                end = sequence;
            }
            appendInterval(text, start, end);
        });
        return GtidSet.parse(text.toString());
    }

    private static void appendInterval(StringBuilder text, long start, long end) {
        if (start > 0) {
            text.append(':').append(start);
            if (end > start) {
                text.append('-').append(end);
            }
        }
    }
}
