package io.tandem.app.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tandem.failover.recovery.RecoveryKind;
import io.tandem.failover.recovery.RecoveryMetrics;

import java.time.Duration;

/**
 * Recoveries as Micrometer meters: {@code tandem.failover.recoveries{kind,result}} (a timer: its count is the number
 * of recoveries, its sum their time) and {@code tandem.failover.step{kind,step}}, the time spent in each step.
 * Recoveries are rare: meters are looked up in the registry at each use.
 */
public final class MicrometerRecoveryMetrics implements RecoveryMetrics {

    private final MeterRegistry registry;

    public MicrometerRecoveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void recovery(RecoveryKind kind, String result, Duration took) {
        Timer.builder("tandem.failover.recoveries").tag("kind", kind.label()).tag("result", result)
                .register(registry).record(took);
    }

    @Override
    public void step(RecoveryKind kind, String step, Duration took) {
        Timer.builder("tandem.failover.step").tag("kind", kind.label()).tag("step", step)
                .register(registry).record(took);
    }
}
