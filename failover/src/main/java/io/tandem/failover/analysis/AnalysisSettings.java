package io.tandem.failover.analysis;

import java.time.Duration;

/**
 * The bounds detection judges a snapshot by.
 *
 * @param observerMaxAge an observer report older than this (before the snapshot time) is not live and does not vote
 * @param maxLag a replica further behind is {@link AnalysisCode#LAGGING_REPLICA} and may not be promoted
 * @param lagSampleMaxAge a binlog monitor sample older than this is ignored for {@code Seconds_Behind_Source}
 */
public record AnalysisSettings(Duration observerMaxAge, Duration maxLag, Duration lagSampleMaxAge) {

    public static final AnalysisSettings DEFAULTS =
            new AnalysisSettings(Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(3));

    public AnalysisSettings {
        for (Duration d : new Duration[] {observerMaxAge, maxLag, lagSampleMaxAge}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("analysis bounds must be positive durations, got " + d);
            }
        }
    }
}
