package io.tandem.proxy.observer;

import io.tandem.topology.gtid.GtidSet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalLong;

/**
 * The observer's own replica lag estimate, for when the binlog monitor has published no fresh sample. It remembers
 * when each new primary GTID set was first seen, within a window; a replica is as far behind as the oldest
 * remembered primary set it does not contain (0 when it contains the newest). The estimate is a lower bound: a
 * missing transaction committed at most one probe interval before the set that first showed it, and a replica
 * further behind than the window is reported at the window's age.
 *
 * <p>Not thread-safe: owned by the observer's control thread.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/replication-gtids-concepts.html">GTID concepts</a>
 */
public final class LagEstimator {

    private record Sample(Instant at, GtidSet executed) {
    }

    private final Duration window;
    private final int capacity;
    private final Deque<Sample> samples = new ArrayDeque<>();

    public LagEstimator(Duration window, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a lag estimator needs room for at least one sample");
        }
        this.window = window;
        this.capacity = capacity;
    }

    /** Remembers the primary's executed set as read at {@code at}; an unchanged set keeps its first time. */
    public void recordPrimary(Instant at, GtidSet executed) {
        Sample newest = samples.peekLast();
        if (newest == null || !newest.executed().equals(executed)) {
            samples.addLast(new Sample(at, executed));
        }
        Instant horizon = at.minus(window);
        // the newest sample stays however old: it is what a replica must contain to be caught up
        while (samples.size() > capacity || samples.size() > 1 && samples.peekFirst().at().isBefore(horizon)) {
            samples.removeFirst();
        }
    }

    /**
     * How far behind a replica with {@code executed} was at {@code at}, judged by the primary sets seen up to then.
     *
     * @return empty when no primary set was seen by {@code at}, or the sets are of different flavors
     */
    public OptionalLong lagMillis(GtidSet executed, Instant at) {
        Sample newestSeen = null;
        Sample oldestMissing = null;
        for (Sample sample : samples) {
            if (sample.at().isAfter(at)) {
                break;
            }
            newestSeen = sample;
            if (oldestMissing == null && !contains(executed, sample.executed())) {
                oldestMissing = sample;
            }
        }
        if (newestSeen == null || flavorsDiffer(executed, newestSeen.executed())) {
            return OptionalLong.empty();
        }
        return oldestMissing == null ? OptionalLong.of(0) : OptionalLong.of(Duration.between(oldestMissing.at(), at)
                .toMillis());
    }

    /** Forgets every sample, as when another server became primary. */
    public void reset() {
        samples.clear();
    }

    private static boolean contains(GtidSet replica, GtidSet primary) {
        return !flavorsDiffer(replica, primary) && replica.contains(primary);
    }

    private static boolean flavorsDiffer(GtidSet a, GtidSet b) {
        return a.flavor().isPresent() && b.flavor().isPresent() && !a.flavor().equals(b.flavor());
    }
}
