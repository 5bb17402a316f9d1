package io.tandem.app.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tandem.failover.recovery.RecoveryKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class MicrometerRecoveryMetricsTest {

    @Test
    void recoveriesAreCountedByKindAndResultAndStepsTimed() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerRecoveryMetrics metrics = new MicrometerRecoveryMetrics(registry);

        metrics.recovery(RecoveryKind.FAILOVER, "RESOLVED", Duration.ofMillis(900));
        metrics.recovery(RecoveryKind.FAILOVER, "RESOLVED", Duration.ofMillis(700));
        metrics.recovery(RecoveryKind.REJOIN, "QUARANTINED", Duration.ofMillis(50));
        metrics.step(RecoveryKind.FAILOVER, "PROMOTING", Duration.ofMillis(120));

        var resolved = registry.get("tandem.failover.recoveries").tag("kind", "failover").tag("result", "RESOLVED")
                .timer();
        assertThat(resolved.count()).isEqualTo(2);
        assertThat(resolved.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1600);
        assertThat(registry.get("tandem.failover.recoveries").tag("kind", "rejoin").timer().count()).isEqualTo(1);
        assertThat(registry.get("tandem.failover.step").tag("step", "PROMOTING").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isEqualTo(120);
    }
}
