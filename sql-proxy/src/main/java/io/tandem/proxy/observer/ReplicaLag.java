package io.tandem.proxy.observer;

import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.lag.LagSample;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The lag the observer reports for each instance: none for the primary; for a replica the binlog monitor's published
 * sample while it is fresh, else the observer's own {@link LagEstimator} estimate. Confined to the control thread.
 */
final class ReplicaLag {

    /** Primary GTID sets remembered for the estimate: a minute of distinct sets at four probes a second. */
    private static final int SAMPLES = 256;

    private final Function<InstanceKey, Optional<LagSample>> published;
    private final Duration freshness;
    private final LagEstimator estimator;
    private InstanceKey primary;

    ReplicaLag(Function<InstanceKey, Optional<LagSample>> published, Duration freshness, Duration window) {
        this.published = published;
        this.freshness = freshness;
        this.estimator = new LagEstimator(window, SAMPLES);
    }

    /** Follows the view's primary; a new one starts a new estimate. */
    void primaryIs(InstanceKey key) {
        if (!key.equals(primary)) {
            primary = key;
            estimator.reset();
        }
    }

    boolean isPrimary(InstanceKey key) {
        return key.equals(primary);
    }

    /**
     * Takes note of a probe of {@code key} at {@code at} and tells its lag.
     *
     * @param executed what the probe read; {@code null} when it failed
     * @return {@code null} for the primary or when unknown
     */
    Long observed(InstanceKey key, GtidSet executed, Instant at) {
        if (isPrimary(key)) {
            if (executed != null) {
                estimator.recordPrimary(at, executed);
            }
            return null;
        }
        Optional<LagSample> sample = published.apply(key).filter(s -> s.freshAt(at, freshness));
        if (sample.isPresent()) {
            return sample.get().lagMillis();
        }
        if (executed == null) {
            return null;
        }
        OptionalLong estimate = estimator.lagMillis(executed, at);
        return estimate.isPresent() ? estimate.getAsLong() : null;
    }
}
