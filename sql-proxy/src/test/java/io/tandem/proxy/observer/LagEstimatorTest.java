package io.tandem.proxy.observer;

import io.tandem.topology.gtid.GtidSet;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class LagEstimatorTest {

    private static final String U1 = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final Instant T0 = Instant.parse("2026-03-14T09:00:00Z");

    private final LagEstimator estimator = new LagEstimator(Duration.ofSeconds(10), 100);

    private static GtidSet upTo(int n) {
        return GtidSet.parse(U1 + ":1-" + n);
    }

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    @Test
    void knowsNothingBeforeThePrimaryWasSeen() {
        assertThat(estimator.lagMillis(upTo(5), T0)).isEmpty();

        estimator.recordPrimary(at(100), upTo(5));

        assertThat(estimator.lagMillis(upTo(5), at(50))).as("only primary sets seen by then count").isEmpty();
    }

    @Test
    void aReplicaHoldingTheNewestPrimarySetIsNotBehind() {
        estimator.recordPrimary(at(0), upTo(5));
        estimator.recordPrimary(at(250), upTo(9));

        assertThat(estimator.lagMillis(upTo(9), at(300))).hasValue(0);
        assertThat(estimator.lagMillis(upTo(12), at(300))).hasValue(0);
    }

    @Test
    void aReplicaIsAsFarBehindAsTheOldestPrimarySetItLacks() {
        estimator.recordPrimary(at(0), upTo(5));
        estimator.recordPrimary(at(250), upTo(9));
        estimator.recordPrimary(at(500), upTo(14));

        assertThat(estimator.lagMillis(upTo(5), at(600))).hasValue(350);
        assertThat(estimator.lagMillis(upTo(10), at(600))).hasValue(100);
        assertThat(estimator.lagMillis(upTo(3), at(600))).hasValue(600);
    }

    @Test
    void judgesOnlyByPrimarySetsSeenBeforeTheReplicaWasRead() {
        estimator.recordPrimary(at(0), upTo(5));
        estimator.recordPrimary(at(500), upTo(9));

        assertThat(estimator.lagMillis(upTo(5), at(400))).as("the set of t=500 was unknown at t=400").hasValue(0);
    }

    @Test
    void anUnchangedPrimarySetKeepsTheTimeItWasFirstSeen() {
        estimator.recordPrimary(at(0), upTo(5));
        estimator.recordPrimary(at(250), upTo(9));
        estimator.recordPrimary(at(500), upTo(9));
        estimator.recordPrimary(at(750), upTo(9));

        assertThat(estimator.lagMillis(upTo(5), at(1000))).hasValue(750);
    }

    @Test
    void forgetsSetsOlderThanTheWindowButNeverTheNewest() {
        estimator.recordPrimary(at(0), upTo(5));
        estimator.recordPrimary(at(20_000), upTo(9));

        // the set of t=0 fell out of the 10 s window: a replica lacking it looks only as old as the newest set
        assertThat(estimator.lagMillis(upTo(1), at(25_000))).hasValue(5_000);

        LagEstimator idle = new LagEstimator(Duration.ofSeconds(10), 100);
        idle.recordPrimary(at(0), upTo(5));
        idle.recordPrimary(at(60_000), upTo(5));
        assertThat(idle.lagMillis(upTo(1), at(60_000))).as("an idle primary's only set stays").hasValue(60_000);
    }

    @Test
    void keepsAtMostItsCapacity() {
        LagEstimator small = new LagEstimator(Duration.ofSeconds(10), 2);
        small.recordPrimary(at(0), upTo(1));
        small.recordPrimary(at(100), upTo(2));
        small.recordPrimary(at(200), upTo(3));

        assertThat(small.lagMillis(GtidSet.EMPTY, at(300))).hasValue(200);
    }

    @Test
    void knowsNothingAcrossFlavorsOrAfterAReset() {
        estimator.recordPrimary(at(0), upTo(5));

        assertThat(estimator.lagMillis(GtidSet.parse("0-1-100"), at(100))).isEqualTo(OptionalLong.empty());

        estimator.reset();
        assertThat(estimator.lagMillis(upTo(5), at(100))).isEmpty();
    }
}
