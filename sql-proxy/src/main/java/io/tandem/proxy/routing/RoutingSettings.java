package io.tandem.proxy.routing;

import java.time.Duration;

/**
 * How the proxy splits reads from writes.
 *
 * @param readWriteSplit        send autocommit reads to replicas at all; off sends everything to the primary
 * @param maxLag                a replica further behind than this serves no reads
 * @param readOnlyTransactions  {@code START TRANSACTION READ ONLY} may run on a replica
 * @param readYourWrites        every session (not only those of the accounts configured) reads its own writes and
 *                              never reads older data than it already saw; on by default
 * @param readYourWritesWait    how long a replica may take to apply the session's last write before the read
 *                              goes to the primary instead
 * @param writeHold             how long a write waits for a failover to finish before it is refused
 * @param ejection              how long a replica that failed a statement stays out, at least; repeated failures
 *                              double it up to 16 times
 * @param healthyProbes         consecutive good probes a failed replica needs before it serves reads again
 */
public record RoutingSettings(boolean readWriteSplit, Duration maxLag, boolean readOnlyTransactions,
                              boolean readYourWrites, Duration readYourWritesWait, Duration writeHold,
                              Duration ejection, int healthyProbes) {

    public static final RoutingSettings DEFAULTS = new RoutingSettings(true, Duration.ofSeconds(1), false, true,
            Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(2), 3);

    /** Everything to the primary, as before read/write splitting; failover holds still apply. */
    public static final RoutingSettings PRIMARY_ONLY = DEFAULTS.withReadWriteSplit(false);

    public RoutingSettings withReadWriteSplit(boolean next) {
        return new RoutingSettings(next, maxLag, readOnlyTransactions, readYourWrites, readYourWritesWait,
                writeHold, ejection, healthyProbes);
    }

    public RoutingSettings withMaxLag(Duration next) {
        return new RoutingSettings(readWriteSplit, next, readOnlyTransactions, readYourWrites, readYourWritesWait,
                writeHold, ejection, healthyProbes);
    }

    public RoutingSettings withReadOnlyTransactions(boolean next) {
        return new RoutingSettings(readWriteSplit, maxLag, next, readYourWrites, readYourWritesWait, writeHold,
                ejection, healthyProbes);
    }

    public RoutingSettings withReadYourWrites(boolean next) {
        return new RoutingSettings(readWriteSplit, maxLag, readOnlyTransactions, next, readYourWritesWait,
                writeHold, ejection, healthyProbes);
    }

    public RoutingSettings withWriteHold(Duration next) {
        return new RoutingSettings(readWriteSplit, maxLag, readOnlyTransactions, readYourWrites, readYourWritesWait,
                next, ejection, healthyProbes);
    }

    public RoutingSettings withEjection(Duration next, int probes) {
        return new RoutingSettings(readWriteSplit, maxLag, readOnlyTransactions, readYourWrites, readYourWritesWait,
                writeHold, next, probes);
    }
}
