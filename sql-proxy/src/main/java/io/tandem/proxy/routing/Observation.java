package io.tandem.proxy.routing;

import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.probe.ProbeResult;

import java.time.Instant;
import java.util.Objects;

/**
 * What this proxy last saw of one instance, for routing: an immutable snapshot, replaced after every probe.
 *
 * @param consecutiveOk successful probes since the last failure
 * @param lastOk the last successful probe; {@code null} when none succeeded yet
 * @param lastFailure the last failed probe; {@code null} when none failed yet
 * @param error why the last probe failed; {@code null} while reachable
 * @param readOnly {@code @@read_only OR @@super_read_only} as last read; {@code null} when never read
 * @param gtidExecuted the executed GTID set as last read; {@code null} when never read
 * @param lagMillis the published {@code lag/<instance>} sample while it is fresh, else this observer's own estimate;
 *     {@code null} for the primary and whenever unknown
 * @param observedAt when this snapshot was taken
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/server-system-variables.html#sysvar_read_only">read_only</a>
 */
public record Observation(InstanceKey key, boolean reachable, int consecutiveOk, Instant lastOk, Instant lastFailure,
                          String error, Boolean readOnly, GtidSet gtidExecuted, Long lagMillis, Instant observedAt) {

    public Observation {
        Objects.requireNonNull(key, "key");
    }

    /** The snapshot after a successful probe at {@code at}; {@code previous} is {@code null} for the first one. */
    public static Observation afterSuccess(Observation previous, InstanceKey key, Instant at, ProbeResult result,
                                    Long lagMillis) {
        int ok = previous == null || !previous.reachable ? 1 : saturatedIncrement(previous.consecutiveOk);
        return new Observation(key, true, ok, at, previous == null ? null : previous.lastFailure, null,
                result.readOnly(), result.gtidExecuted(), lagMillis, at);
    }

    /** The snapshot after a failed probe at {@code at}; what was last read stays, marked by {@code lastOk}. */
    public static Observation afterFailure(Observation previous, InstanceKey key, Instant at, String error,
                                           Long lagMillis) {
        return previous == null
                ? new Observation(key, false, 0, null, at, error, null, null, lagMillis, at)
                : new Observation(key, false, 0, previous.lastOk, at, error, previous.readOnly, previous.gtidExecuted,
                        lagMillis, at);
    }

    /** Reachable and known to accept writes from ordinary accounts. */
    public boolean writable() {
        return reachable && Boolean.FALSE.equals(readOnly);
    }

    /** Whether routing would treat the two differently: reachability or read-only changed. */
    public boolean routesLike(Observation other) {
        return other != null && reachable == other.reachable && Objects.equals(readOnly, other.readOnly);
    }

    private static int saturatedIncrement(int n) {
        return n == Integer.MAX_VALUE ? n : n + 1;
    }
}
