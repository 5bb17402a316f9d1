package io.tandem.proxy.routing;

import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.instance.ReplicaStatus;
import io.tandem.topology.instance.ReplicaStatus.IoThread;
import io.tandem.topology.view.Member;
import io.tandem.topology.view.MemberState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaBalancerTest {

    private static final String UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final InstanceKey PRIMARY = InstanceKey.parse("db1:3306");
    private static final InstanceKey R2 = InstanceKey.parse("db2:3306");
    private static final InstanceKey R3 = InstanceKey.parse("db3:3306");
    private static final InstanceKey R4 = InstanceKey.parse("db4:3306");
    private static final Instant START = Instant.parse("2026-03-14T09:00:00Z");
    /** Ejection 2 s, 3 good probes, max lag 1 s. */
    private static final RoutingSettings SETTINGS = RoutingSettings.DEFAULTS;

    private final MutableClock clock = new MutableClock(START);
    private final Map<InstanceKey, Observation> observations = new HashMap<>();
    private final List<Member> replicas = new ArrayList<>();
    private final BackendTargets targets = new BackendTargets() {
        @Override
        public Optional<InstanceKey> primary() {
            return Optional.of(PRIMARY);
        }

        @Override
        public List<Member> replicas() {
            return List.copyOf(replicas);
        }
    };
    private final ReplicaBalancer balancer = new ReplicaBalancer(targets, key -> Optional.ofNullable(
            observations.get(key)), SETTINGS, clock);

    // ---- fixtures

    private static Member replica(InstanceKey key, MemberState state, Long secondsBehind) {
        GtidSet executed = GtidSet.parse(UUID + ":1-100");
        Instance instance = new Instance(key, Flavor.MYSQL, "8.0.31", key.hashCode(), null, true, true, executed,
                true, "ROW", true);
        return new Member(state, instance, new ReplicaStatus(PRIMARY, IoThread.RUNNING, true, "", "", executed,
                executed, secondsBehind, true));
    }

    private static Member online(InstanceKey key) {
        return replica(key, MemberState.ONLINE, 0L);
    }

    private static Observation seen(InstanceKey key, boolean reachable, int consecutiveOk, Instant lastOk,
                                    GtidSet executed, Long lagMillis) {
        return new Observation(key, reachable, consecutiveOk, lastOk, null, reachable ? null : "connect timed out",
                true, executed, lagMillis, lastOk);
    }

    private static Observation healthy(InstanceKey key, Instant lastOk) {
        return seen(key, true, 10, lastOk, null, 0L);
    }

    private Optional<InstanceKey> chosen() {
        return balancer.choose(null, null).map(ReplicaChoice::key);
    }

    private void advance(Duration by) {
        clock.now = clock.now.plus(by);
    }

    // ---- which replicas qualify

    @Test
    void noReplicasMeansNoChoice() {
        assertThat(balancer.choose(null, null)).isEmpty();
    }

    @Test
    void anOnlineReplicaWithNothingObservedIsChosenConfirmed() {
        replicas.add(online(R2));

        assertThat(balancer.choose(null, null)).contains(new ReplicaChoice(R2, true));
    }

    @ParameterizedTest
    @EnumSource(value = MemberState.class, names = "ONLINE", mode = EnumSource.Mode.EXCLUDE)
    void onlyOnlineReplicasServeReads(MemberState state) {
        replicas.add(replica(R2, state, 0L));
        observations.put(R2, healthy(R2, START));

        for (int i = 0; i < 5; i++) {
            assertThat(balancer.choose(null, null)).as("call %d", i).isEmpty();
        }
        assertThat(balancer.eligible(replicas.get(0), START)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = MemberState.class, names = "ONLINE", mode = EnumSource.Mode.EXCLUDE)
    void aReplicaNotOnlineIsSkippedForAnOnlineOne(MemberState state) {
        replicas.add(replica(R2, state, 0L));
        replicas.add(online(R3));
        replicas.add(replica(R4, state, 0L));

        for (int i = 0; i < 6; i++) {
            assertThat(chosen()).as("call %d", i).contains(R3);
        }
    }

    @Test
    void aReplicaThisProxyCannotReachIsSkippedWhateverTheViewSays() {
        replicas.add(online(R2));
        replicas.add(online(R3));
        observations.put(R2, seen(R2, false, 0, START.minusSeconds(30), null, 0L));

        for (int i = 0; i < 4; i++) {
            assertThat(chosen()).as("call %d", i).contains(R3);
        }
        observations.put(R3, seen(R3, false, 0, null, null, null));
        assertThat(balancer.choose(null, null)).isEmpty();
    }

    @Test
    void theObservedLagDecidesAgainstTheMaxLagInclusive() {
        Member member = online(R2);
        replicas.add(member);

        observations.put(R2, seen(R2, true, 5, START, null, 1000L));
        assertThat(balancer.eligible(member, null)).isTrue();
        assertThat(chosen()).contains(R2);

        observations.put(R2, seen(R2, true, 5, START, null, 1001L));
        assertThat(balancer.eligible(member, null)).isFalse();
        assertThat(chosen()).isEmpty();
    }

    @Test
    void theObservedLagWinsOverTheViewsSecondsBehindSource() {
        Member farBehindInView = replica(R2, MemberState.ONLINE, 600L);
        Member currentInView = replica(R3, MemberState.ONLINE, 0L);
        observations.put(R2, seen(R2, true, 5, START, null, 10L));
        observations.put(R3, seen(R3, true, 5, START, null, 5_000L));

        assertThat(balancer.eligible(farBehindInView, null)).isTrue();
        assertThat(balancer.eligible(currentInView, null)).isFalse();
    }

    @Test
    void withoutAnObservedLagTheViewsSecondsBehindSourceDecides() {
        Member oneSecond = replica(R2, MemberState.ONLINE, 1L);
        Member twoSeconds = replica(R3, MemberState.ONLINE, 2L);
        Member unknown = replica(R4, MemberState.ONLINE, null);
        // observed and reachable, but no lag sample yet
        observations.put(R3, seen(R3, true, 5, START, null, null));

        assertThat(balancer.eligible(oneSecond, null)).isTrue();
        assertThat(balancer.eligible(twoSeconds, null)).isFalse();
        assertThat(balancer.eligible(unknown, null)).isTrue();
        assertThat(balancer.eligible(new Member(MemberState.ONLINE, unknown.instance(), null), null)).isTrue();
    }

    @Test
    void aTighterMaxLagTurnsTheSameReplicaAway() {
        Member member = replica(R2, MemberState.ONLINE, 1L);
        ReplicaBalancer strict = new ReplicaBalancer(targets, InstanceHealth.UNKNOWN,
                SETTINGS.withMaxLag(Duration.ofMillis(999)), clock);

        assertThat(strict.eligible(member, null)).isFalse();
        assertThat(balancer.eligible(member, null)).isTrue();
    }

    @Test
    void theExcludedReplicaIsNeverChosen() {
        replicas.add(online(R2));
        replicas.add(online(R3));

        for (int i = 0; i < 6; i++) {
            assertThat(balancer.choose(null, R2)).as("call %d", i).map(ReplicaChoice::key).contains(R3);
        }
        replicas.remove(1);
        assertThat(balancer.choose(null, R2)).isEmpty();
    }

    // ---- load and turns

    @Test
    void theReplicaWithFewestStatementsOutstandingWins() {
        replicas.add(online(R2));
        replicas.add(online(R3));
        replicas.add(online(R4));
        balancer.started(R2);
        balancer.started(R2);
        balancer.started(R3);
        balancer.started(R4);
        balancer.started(R4);

        for (int i = 0; i < 6; i++) {
            assertThat(chosen()).as("call %d", i).contains(R3);
        }

        balancer.ended(R2);
        balancer.ended(R2);
        assertThat(balancer.outstanding(R2)).isZero();
        assertThat(balancer.outstanding(R3)).isEqualTo(1);
        assertThat(balancer.outstanding(R4)).isEqualTo(2);
        for (int i = 0; i < 6; i++) {
            assertThat(chosen()).as("call %d after R2 drained", i).contains(R2);
        }
    }

    @Test
    void outstandingCountsStartsLessEnds() {
        assertThat(balancer.outstanding(R2)).isZero();
        balancer.ended(R2); // an end for a replica never started is ignored
        assertThat(balancer.outstanding(R2)).isZero();

        balancer.started(R2);
        balancer.started(R2);
        balancer.started(R2);
        balancer.ended(R2);

        assertThat(balancer.outstanding(R2)).isEqualTo(2);
        assertThat(balancer.outstanding(R3)).isZero();
    }

    @Test
    void equalReplicasAreTakenInTurn() {
        replicas.add(online(R2));
        replicas.add(online(R3));
        replicas.add(online(R4));

        Map<InstanceKey, Integer> counts = new HashMap<>();
        List<InstanceKey> firstThree = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            InstanceKey key = chosen().orElseThrow();
            counts.merge(key, 1, Integer::sum);
            if (i < 3) {
                firstThree.add(key);
            }
        }

        assertThat(firstThree).containsExactlyInAnyOrder(R2, R3, R4);
        assertThat(counts).containsOnly(Map.entry(R2, 10), Map.entry(R3, 10), Map.entry(R4, 10));
    }

    @Test
    void equalLoadUnderTrafficStillSpreadsEvenly() {
        replicas.add(online(R2));
        replicas.add(online(R3));
        replicas.add(online(R4));

        // each read starts on its choice and stays running: the balancer must spread them one per replica
        for (int i = 0; i < 9; i++) {
            balancer.started(chosen().orElseThrow());
        }

        assertThat(balancer.outstanding(R2)).isEqualTo(3);
        assertThat(balancer.outstanding(R3)).isEqualTo(3);
        assertThat(balancer.outstanding(R4)).isEqualTo(3);
    }

    // ---- read-your-writes

    @Test
    void aReplicaKnownToHaveTheWriteIsPreferredEvenWhenBusier() {
        GtidSet write = GtidSet.parse(UUID + ":1-120");
        replicas.add(online(R2));
        replicas.add(online(R3));
        observations.put(R2, seen(R2, true, 5, START, GtidSet.parse(UUID + ":1-119"), 0L));
        observations.put(R3, seen(R3, true, 5, START, GtidSet.parse(UUID + ":1-125"), 0L));
        balancer.started(R3);
        balancer.started(R3);

        for (int i = 0; i < 4; i++) {
            assertThat(balancer.choose(write, null)).as("call %d", i).contains(new ReplicaChoice(R3, true));
        }
    }

    @Test
    void whenNoReplicaHasTheWriteTheLeastLoadedIsChosenUnconfirmed() {
        GtidSet write = GtidSet.parse(UUID + ":1-120");
        replicas.add(online(R2));
        replicas.add(online(R3));
        replicas.add(online(R4));
        observations.put(R2, seen(R2, true, 5, START, GtidSet.parse(UUID + ":1-119"), 0L));
        observations.put(R3, seen(R3, true, 5, START, null, 0L)); // gtid_executed not probed yet
        balancer.started(R2);
        balancer.started(R4);

        for (int i = 0; i < 4; i++) {
            assertThat(balancer.choose(write, null)).as("call %d", i).contains(new ReplicaChoice(R3, false));
        }
    }

    @Test
    void aConfirmedReplicaThatIsUnreachableOrExcludedDoesNotCount() {
        GtidSet write = GtidSet.parse(UUID + ":1-120");
        replicas.add(online(R2));
        replicas.add(online(R3));
        observations.put(R2, seen(R2, true, 5, START, GtidSet.parse(UUID + ":1-119"), 0L));
        observations.put(R3, seen(R3, true, 5, START, GtidSet.parse(UUID + ":1-200"), 0L));

        assertThat(balancer.choose(write, R3)).contains(new ReplicaChoice(R2, false));

        observations.put(R3, seen(R3, false, 0, START, GtidSet.parse(UUID + ":1-200"), 0L));
        assertThat(balancer.choose(write, null)).contains(new ReplicaChoice(R2, false));
    }

    @Test
    void amongConfirmedReplicasTheLeastLoadedWins() {
        GtidSet write = GtidSet.parse(UUID + ":1-120");
        replicas.add(online(R2));
        replicas.add(online(R3));
        replicas.add(online(R4));
        observations.put(R2, seen(R2, true, 5, START, GtidSet.parse(UUID + ":1-120"), 0L));
        observations.put(R3, seen(R3, true, 5, START, GtidSet.parse(UUID + ":1-130"), 0L));
        observations.put(R4, seen(R4, true, 5, START, GtidSet.parse(UUID + ":1-10"), 0L));
        balancer.started(R2);

        for (int i = 0; i < 4; i++) {
            assertThat(balancer.choose(write, null)).as("call %d", i).contains(new ReplicaChoice(R3, true));
        }
    }

    // ---- ejection

    @Test
    void aFailedReplicaLeavesAtOnceAndStaysOutDuringTheHoldDown() {
        replicas.add(online(R2));
        replicas.add(online(R3));
        observations.put(R2, healthy(R2, START));

        balancer.failed(R2, "connection reset");

        assertThat(chosen()).contains(R3);
        advance(Duration.ofMillis(1999));
        observations.put(R2, healthy(R2, clock.now)); // probes are fine again, but the hold-down is not over
        for (int i = 0; i < 4; i++) {
            assertThat(chosen()).as("call %d", i).contains(R3);
        }
        assertThat(balancer.eligible(replicas.get(0), clock.now)).isFalse();
    }

    @Test
    void aFailedReplicaReturnsAfterTheHoldDownAndEnoughGoodProbesSinceTheEjection() {
        replicas.add(online(R2));
        observations.put(R2, healthy(R2, START));
        balancer.failed(R2, "connection reset");
        advance(Duration.ofSeconds(2));

        // good probes, but the last one is from before the ejection
        assertThat(chosen()).isEmpty();

        // too few good probes since
        observations.put(R2, seen(R2, true, 2, clock.now, null, 0L));
        assertThat(chosen()).isEmpty();

        // enough good probes, but the latest probe could not reach it
        observations.put(R2, seen(R2, false, 3, clock.now, null, 0L));
        assertThat(chosen()).isEmpty();

        observations.put(R2, seen(R2, true, 3, clock.now, null, 0L));
        assertThat(chosen()).contains(R2);
    }

    @Test
    void aLastGoodProbeAtTheEjectionInstantIsNotAfterIt() {
        replicas.add(online(R2));
        balancer.failed(R2, "connection reset");
        observations.put(R2, seen(R2, true, 10, START, null, 0L));
        advance(Duration.ofSeconds(30));

        assertThat(chosen()).isEmpty();

        observations.put(R2, seen(R2, true, 10, START.plusNanos(1), null, 0L));
        assertThat(chosen()).contains(R2);
    }

    @Test
    void withoutObservationsAFailedReplicaReturnsAfterTheHoldDownAlone() {
        ReplicaBalancer blind = new ReplicaBalancer(targets, InstanceHealth.UNKNOWN, SETTINGS, clock);
        replicas.add(online(R2));

        blind.failed(R2, "connection reset");
        advance(Duration.ofMillis(1999));
        assertThat(blind.choose(null, null)).isEmpty();

        advance(Duration.ofMillis(1));
        assertThat(blind.choose(null, null)).map(ReplicaChoice::key).contains(R2);
    }

    @Test
    void failuresDuringTheHoldDownAreTheSameIncident() {
        ReplicaBalancer blind = new ReplicaBalancer(targets, InstanceHealth.UNKNOWN, SETTINGS, clock);
        replicas.add(online(R2));

        blind.failed(R2, "connection reset");
        advance(Duration.ofMillis(1500));
        blind.failed(R2, "connection reset"); // another statement that was running there
        advance(Duration.ofMillis(500));

        assertThat(blind.choose(null, null)).map(ReplicaChoice::key).contains(R2);
    }

    @Test
    void aRelapseSoonAfterDoublesTheHoldDown() {
        ReplicaBalancer blind = new ReplicaBalancer(targets, InstanceHealth.UNKNOWN, SETTINGS, clock);
        replicas.add(online(R2));

        blind.failed(R2, "connection reset");
        advance(Duration.ofSeconds(2));
        assertThat(blind.choose(null, null)).isPresent();

        advance(Duration.ofSeconds(1));
        blind.failed(R2, "connection reset again");
        advance(Duration.ofMillis(3999));
        assertThat(blind.choose(null, null)).isEmpty();
        advance(Duration.ofMillis(1));
        assertThat(blind.choose(null, null)).map(ReplicaChoice::key).contains(R2);

        // and doubles again on the next relapse: 8 s
        blind.failed(R2, "third time");
        advance(Duration.ofMillis(7999));
        assertThat(blind.choose(null, null)).isEmpty();
        advance(Duration.ofMillis(1));
        assertThat(blind.choose(null, null)).isPresent();
    }

    @Test
    void theHoldDownStopsDoublingAtSixteenTimes() {
        ReplicaBalancer blind = new ReplicaBalancer(targets, InstanceHealth.UNKNOWN, SETTINGS, clock);
        replicas.add(online(R2));
        Duration holdDown = Duration.ofSeconds(2);
        for (int i = 0; i < 7; i++) {
            blind.failed(R2, "flap " + i);
            advance(holdDown.minusMillis(1));
            assertThat(blind.choose(null, null)).as("out during hold-down %d", i).isEmpty();
            advance(Duration.ofMillis(1));
            assertThat(blind.choose(null, null)).as("back after hold-down %d", i).isPresent();
            holdDown = holdDown.multipliedBy(2).compareTo(Duration.ofSeconds(32)) > 0
                    ? Duration.ofSeconds(32) : holdDown.multipliedBy(2);
        }
    }

    @Test
    void aFailureLongAfterTheLastStartsOverAtTheBaseHoldDown() {
        ReplicaBalancer blind = new ReplicaBalancer(targets, InstanceHealth.UNKNOWN, SETTINGS, clock);
        replicas.add(online(R2));

        blind.failed(R2, "once");
        advance(Duration.ofSeconds(2).plus(Duration.ofSeconds(16))); // past hold-down + 8 × ejection
        blind.failed(R2, "much later");
        advance(Duration.ofMillis(1999));
        assertThat(blind.choose(null, null)).isEmpty();
        advance(Duration.ofMillis(1));
        assertThat(blind.choose(null, null)).isPresent();
    }

    @Test
    void anEjectionKeepsOnlyThatReplicaOut() {
        replicas.add(online(R2));
        replicas.add(online(R3));
        replicas.add(online(R4));
        balancer.failed(R3, "connection reset");

        Map<InstanceKey, Integer> counts = new HashMap<>();
        for (int i = 0; i < 12; i++) {
            counts.merge(chosen().orElseThrow(), 1, Integer::sum);
        }

        assertThat(counts).containsOnlyKeys(R2, R4);
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
