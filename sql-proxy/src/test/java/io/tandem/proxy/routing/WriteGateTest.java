package io.tandem.proxy.routing;

import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.tandem.topology.instance.InstanceKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class WriteGateTest {

    private static final InstanceKey DB1 = InstanceKey.parse("db1:3306");
    private static final InstanceKey DB2 = InstanceKey.parse("db2:3306");
    private static final long LONG_TIMEOUT = TimeUnit.SECONDS.toNanos(30);
    private static final long DEADLINE_SECONDS = 30; // generous: only a failing run waits this long

    private final MutableTargets targets = new MutableTargets();
    private final Map<InstanceKey, Observation> observations = new HashMap<>();
    private final WriteGate gate = new WriteGate(targets, key -> Optional.ofNullable(observations.get(key)));
    private final DefaultEventLoop loop = new DefaultEventLoop();

    @AfterEach
    void stopLoop() throws InterruptedException {
        assertThat(loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    private static Observation readOnly(InstanceKey key, Boolean readOnly) {
        Instant at = Instant.parse("2026-03-14T09:00:00Z");
        return new Observation(key, true, 4, at, null, null, readOnly, null, 0L, at);
    }

    /** Waits until everything {@code loop} was given before now (and scheduled up to {@code delayMillis}) has run. */
    private static void drain(EventExecutor loop, long delayMillis) throws Exception {
        loop.schedule(() -> { }, delayMillis, TimeUnit.MILLISECONDS).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    // ---- holdReason

    @Test
    void writesFlowNormally() {
        assertThat(gate.holdReason()).isNull();

        observations.put(DB1, readOnly(DB1, false));
        assertThat(gate.holdReason()).isNull();

        observations.put(DB1, readOnly(DB1, null)); // not probed yet
        assertThat(gate.holdReason()).isNull();
    }

    @Test
    void aFailoverInProgressHoldsWritesAndNamesTheEpoch() {
        targets.epoch = 42;
        targets.failover = true;

        assertThat(gate.holdReason()).contains("failover").contains("epoch 42");
    }

    @Test
    void aPrimaryReportingReadOnlyHoldsWrites() {
        observations.put(DB1, readOnly(DB1, true));

        assertThat(gate.holdReason()).contains("db1:3306").contains("read_only=ON");
    }

    @Test
    void onlyThePrimarysReadOnlyCounts() {
        observations.put(DB2, readOnly(DB2, true));

        assertThat(gate.holdReason()).isNull();

        targets.primary = DB2; // db2 was promoted but is still read-only
        assertThat(gate.holdReason()).contains("db2:3306");
    }

    @Test
    void theFailoverIsReportedBeforeTheReadOnlyPrimary() {
        observations.put(DB1, readOnly(DB1, true));
        targets.failover = true;
        targets.epoch = 7;

        assertThat(gate.holdReason()).contains("epoch 7").doesNotContain("read_only");
    }

    // ---- await

    @Test
    void aHeldWriteRetriesOnItsOwnLoopWhenTheViewChanges() throws Exception {
        targets.failover = true;
        CountDownLatch retried = new CountDownLatch(1);
        AtomicReference<Boolean> onLoop = new AtomicReference<>();
        AtomicInteger expired = new AtomicInteger();

        gate.await(loop, LONG_TIMEOUT, () -> {
            onLoop.set(loop.inEventLoop());
            retried.countDown();
        }, expired::incrementAndGet);
        assertThat(gate.waiting()).isEqualTo(1);

        targets.fire(); // still in failover: nothing to wake for
        drain(loop, 0);
        assertThat(retried.getCount()).isEqualTo(1);
        assertThat(gate.waiting()).isEqualTo(1);

        targets.failover = false;
        targets.epoch = 8;
        targets.fire();

        assertThat(retried.await(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(onLoop.get()).isTrue();
        assertThat(gate.waiting()).isZero();
        assertThat(expired.get()).isZero();
    }

    @Test
    void aReadOnlyPrimaryTurningWritableWakesTheWaitersThroughChanged() throws Exception {
        observations.put(DB1, readOnly(DB1, true));
        CountDownLatch retried = new CountDownLatch(3);
        AtomicInteger expired = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            gate.await(loop, LONG_TIMEOUT, retried::countDown, expired::incrementAndGet);
        }
        assertThat(gate.waiting()).isEqualTo(3);

        observations.put(DB1, readOnly(DB1, false));
        gate.changed();

        assertThat(retried.await(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(gate.waiting()).isZero();
        gate.changed(); // a second change finds nobody to wake
        drain(loop, 0);
        assertThat(expired.get()).isZero();
    }

    @Test
    void eachWaiterIsWokenOnItsOwnLoop() throws Exception {
        DefaultEventLoop other = new DefaultEventLoop();
        try {
            targets.failover = true;
            CountDownLatch retried = new CountDownLatch(2);
            List<String> wrongLoop = new CopyOnWriteArrayList<>();
            gate.await(loop, LONG_TIMEOUT, () -> {
                if (!loop.inEventLoop()) {
                    wrongLoop.add("first");
                }
                retried.countDown();
            }, () -> { });
            gate.await(other, LONG_TIMEOUT, () -> {
                if (!other.inEventLoop()) {
                    wrongLoop.add("second");
                }
                retried.countDown();
            }, () -> { });

            targets.failover = false;
            targets.fire();

            assertThat(retried.await(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(wrongLoop).isEmpty();
        } finally {
            other.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(DEADLINE_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void aWaiterWhoseDeadlinePassesExpiresOnceAndNeverRetries() throws Exception {
        targets.failover = true;
        AtomicInteger retried = new AtomicInteger();
        AtomicInteger expired = new AtomicInteger();
        CountDownLatch expiredOnce = new CountDownLatch(1);
        AtomicReference<Boolean> onLoop = new AtomicReference<>();

        gate.await(loop, TimeUnit.MILLISECONDS.toNanos(20), retried::incrementAndGet, () -> {
            onLoop.set(loop.inEventLoop());
            expired.incrementAndGet();
            expiredOnce.countDown();
        });

        assertThat(expiredOnce.await(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(onLoop.get()).isTrue();
        assertThat(gate.waiting()).isZero();

        targets.failover = false;
        targets.fire();
        gate.changed();
        drain(loop, 50);

        assertThat(expired.get()).isEqualTo(1);
        assertThat(retried.get()).isZero();
    }

    @Test
    void aWakeCancelsTheTimeout() throws Exception {
        targets.failover = true;
        AtomicInteger retried = new AtomicInteger();
        AtomicInteger expired = new AtomicInteger();

        gate.await(loop, TimeUnit.MILLISECONDS.toNanos(50), retried::incrementAndGet, expired::incrementAndGet);
        targets.failover = false;
        gate.changed();
        drain(loop, 200); // well past the timeout

        assertThat(retried.get()).isEqualTo(1);
        assertThat(expired.get()).isZero();
    }

    @Test
    void awaitingAnOpenGateRetriesAtOnce() throws Exception {
        CountDownLatch retried = new CountDownLatch(1);
        AtomicInteger expired = new AtomicInteger();

        long before = System.nanoTime();
        gate.await(loop, LONG_TIMEOUT, retried::countDown, expired::incrementAndGet);

        assertThat(retried.await(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(System.nanoTime() - before).isLessThan(TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS));
        assertThat(gate.waiting()).isZero();
        assertThat(expired.get()).isZero();
    }

    @Test
    void aNegativeTimeoutExpiresAtOnce() throws Exception {
        targets.failover = true;
        CountDownLatch expired = new CountDownLatch(1);
        AtomicInteger retried = new AtomicInteger();

        gate.await(loop, -1, retried::incrementAndGet, expired::countDown);

        assertThat(expired.await(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(retried.get()).isZero();
    }

    @Test
    void exactlyOneOfRetryAndExpiredRunsWhenTheyRace() throws Exception {
        int rounds = 300;
        AtomicInteger retries = new AtomicInteger();
        AtomicInteger expiries = new AtomicInteger();
        for (int round = 0; round < rounds; round++) {
            MutableTargets raceTargets = new MutableTargets();
            raceTargets.failover = true;
            WriteGate raceGate = new WriteGate(raceTargets, InstanceHealth.UNKNOWN);
            AtomicInteger retried = new AtomicInteger();
            AtomicInteger expired = new AtomicInteger();
            CountDownLatch either = new CountDownLatch(1);
            long timeout = ThreadLocalRandom.current().nextLong(0, TimeUnit.MICROSECONDS.toNanos(300));
            long spin = ThreadLocalRandom.current().nextLong(0, TimeUnit.MICROSECONDS.toNanos(300));

            raceGate.await(loop, timeout, () -> {
                retried.incrementAndGet();
                either.countDown();
            }, () -> {
                expired.incrementAndGet();
                either.countDown();
            });
            for (long until = System.nanoTime() + spin; System.nanoTime() < until; ) {
                Thread.onSpinWait();
            }
            raceTargets.failover = false;
            raceTargets.fire(); // from this thread, racing the timeout on the loop

            assertThat(either.await(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("round %d ran nothing", round).isTrue();
            drain(loop, 2); // past the timeout, and after any wake already handed to the loop
            assertThat(retried.get() + expired.get()).as("round %d: retried %d, expired %d", round, retried.get(),
                    expired.get()).isEqualTo(1);
            assertThat(raceGate.waiting()).isZero();
            retries.addAndGet(retried.get());
            expiries.addAndGet(expired.get());
        }
        assertThat(retries.get() + expiries.get()).isEqualTo(rounds);
    }

    @Test
    void theGateListensToItsTargetsFromConstruction() {
        assertThat(targets.listeners).hasSize(1);
    }

    /** Targets a test changes by hand; {@link #fire()} plays the view subscription's change notification. */
    // ---- a primary that refused a write as read-only

    @Test
    void aReadOnlyRefusalHoldsWritesUntilTheNextEpochReleasesThem() throws Exception {
        gate.refused(DB1, 1);
        assertThat(gate.holdReason()).isEqualTo("the primary db1:3306 refused a write as read-only (epoch 1)");
        CountDownLatch retried = new CountDownLatch(1);
        gate.await(loop, LONG_TIMEOUT, retried::countDown, () -> { });
        drain(loop, 0);
        assertThat(retried.getCount()).as("still held").isEqualTo(1);

        targets.primary = DB2;
        targets.epoch = 2;
        targets.fire();

        assertThat(retried.await(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(gate.holdReason()).isNull();
    }

    @Test
    void aReadOnlyRefusalWithNoNewViewEndsByItself() throws Exception {
        gate.refused(DB1, 1);
        CountDownLatch retried = new CountDownLatch(1);

        gate.await(loop, LONG_TIMEOUT, retried::countDown, () -> { });

        // an operator's read_only, not a switchover: the statement tries again and gets the server's own answer
        assertThat(retried.await(DEADLINE_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(gate.holdReason()).isNull();
    }

    @Test
    void aRefusalFromAnEarlierEpochHoldsNothing() {
        targets.epoch = 3;

        gate.refused(DB1, 2);

        assertThat(gate.holdReason()).isNull();
    }

    private static final class MutableTargets implements BackendTargets {
        private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
        private volatile InstanceKey primary = DB1;
        private volatile long epoch = 1;
        private volatile boolean failover;

        @Override
        public Optional<InstanceKey> primary() {
            return Optional.ofNullable(primary);
        }

        @Override
        public long epoch() {
            return epoch;
        }

        @Override
        public boolean failoverInProgress() {
            return failover;
        }

        @Override
        public void onChange(Runnable listener) {
            listeners.add(listener);
        }

        void fire() {
            listeners.forEach(Runnable::run);
        }
    }
}
