package io.tandem.failover.recovery;

import java.time.Duration;

/**
 * What recoveries count: each recovery by kind and result, and the time spent in each of its steps. No-op by
 * default; {@code tandem orchestrator} publishes them through Micrometer as {@code tandem.failover.recoveries{kind,
 * result}} and {@code tandem.failover.step{kind,step}}. Called on the recovery thread.
 */
public interface RecoveryMetrics {

    RecoveryMetrics NONE = new RecoveryMetrics() {
    };

    /** A recovery of {@code kind} ended with {@code result} (RESOLVED, ABORTED, REJOINED …) after {@code took}. */
    default void recovery(RecoveryKind kind, String result, Duration took) {
    }

    /** A recovery of {@code kind} spent {@code took} in {@code step} (its state before the next transition). */
    default void step(RecoveryKind kind, String step, Duration took) {
    }
}
