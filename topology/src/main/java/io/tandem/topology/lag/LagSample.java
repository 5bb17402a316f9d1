package io.tandem.topology.lag;

import io.tandem.topology.instance.InstanceKey;

import java.time.Duration;
import java.time.Instant;

/**
 * How far one replica is behind its primary, as the binlog monitor measured it, stored as JSON at
 * {@code /tandem/<cluster>/lag/<instance>}: now minus the commit time of the oldest primary transaction the replica
 * has not executed (0 when caught up), in milliseconds and in transactions.
 *
 * @param secondsBehindSource the server's own {@code Seconds_Behind_Source}, kept for comparison; {@code null} when
 *     the server reports none (replication stopped) or it was not read
 * @param sampledAt when the monitor measured it; readers judge freshness from it
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/replication-administration-status.html">Checking
 *     replication status</a>
 */
public record LagSample(InstanceKey instance, long lagMillis, long transactionsBehind, Long secondsBehindSource,
                        Instant sampledAt) {

    public LagSample {
        if (instance == null || sampledAt == null) {
            throw new IllegalArgumentException("a lag sample needs an instance and a sampling time");
        }
        if (lagMillis < 0 || transactionsBehind < 0) {
            throw new IllegalArgumentException("lag of " + instance + " cannot be negative: " + lagMillis + " ms, "
                    + transactionsBehind + " transactions");
        }
    }

    /** Whether this sample was taken no longer than {@code maxAge} before {@code now}. */
    public boolean freshAt(Instant now, Duration maxAge) {
        return !sampledAt.isBefore(now.minus(maxAge));
    }
}
