package io.tandem.proxy.observer;

import io.tandem.proxy.routing.Observation;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.lag.LagSample;
import io.tandem.topology.probe.ProbeResult;
import io.tandem.topology.view.ClusterView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static io.tandem.proxy.observer.Clusters.DB1;
import static io.tandem.proxy.observer.Clusters.DB2;
import static io.tandem.proxy.observer.Clusters.DB3;
import static io.tandem.proxy.observer.Clusters.await;
import static io.tandem.proxy.observer.Clusters.upTo;
import static io.tandem.proxy.observer.Clusters.view;
import static org.assertj.core.api.Assertions.assertThat;

class InstanceObserverTest {

    private static final ObserverSettings FAST = ObserverSettings.defaults("monitor", "secret")
            .withProbeInterval(Duration.ofMillis(5)).withTimeout(Duration.ofMillis(100));

    private final FakeProbe probe = new FakeProbe();
    private final Map<InstanceKey, LagSample> published = new ConcurrentHashMap<>();
    private final AtomicReference<ClusterView> view = Clusters.holding(view(DB1, DB2));
    private final Clock clock = Clock.systemUTC();
    private InstanceObserver observer;
    private CountDownLatch hung;

    private InstanceObserver start() {
        return create().start();
    }

    private InstanceObserver create() {
        observer = new InstanceObserver(FAST, () -> Optional.ofNullable(view.get()), probe, null,
                key -> Optional.ofNullable(published.get(key)), clock);
        return observer;
    }

    @AfterEach
    void stop() {
        if (hung != null) {
            hung.countDown();
        }
        if (observer != null) {
            observer.close();
        }
    }

    private Observation seen(InstanceKey key) {
        return observer.observation(key).orElseThrow();
    }

    private boolean seenAs(InstanceKey key, Predicate<Observation> condition) {
        return observer.observation(key).filter(condition).isPresent();
    }

    @Test
    void countsSuccessesResetsOnFailureAndRecovers() {
        probe.answers(DB1, new ProbeResult(false, upTo(10)));
        probe.answers(DB2, new ProbeResult(true, upTo(10)));
        AtomicInteger changes = new AtomicInteger();
        create().onChange(changes::incrementAndGet);
        observer.start();

        await("db2 probed three times", () -> seenAs(DB2, o -> o.consecutiveOk() >= 3));
        Observation healthy = seen(DB2);
        assertThat(healthy.reachable()).isTrue();
        assertThat(healthy.readOnly()).isTrue();
        assertThat(healthy.error()).isNull();
        assertThat(healthy.lastFailure()).isNull();
        assertThat(healthy.gtidExecuted()).isEqualTo(upTo(10));
        assertThat(seen(DB1).writable()).isTrue();
        int changesWhileHealthy = changes.get();

        probe.fails(DB2, "db2:3306: Connection refused");
        await("db2 unreachable", () -> seenAs(DB2, o -> !o.reachable()));
        Observation down = seen(DB2);
        assertThat(down.consecutiveOk()).isZero();
        assertThat(down.error()).isEqualTo("db2:3306: Connection refused");
        assertThat(down.lastFailure()).isNotNull();
        assertThat(down.lastOk()).isNotNull().isBeforeOrEqualTo(down.lastFailure());
        assertThat(down.readOnly()).as("as last read").isTrue();
        await("the flip to unreachable told", () -> changes.get() > changesWhileHealthy);

        probe.answers(DB2, new ProbeResult(true, upTo(11)));
        await("db2 reachable again", () -> seenAs(DB2, Observation::reachable));
        Observation back = seen(DB2);
        assertThat(back.consecutiveOk()).isPositive();
        assertThat(back.error()).isNull();
        assertThat(back.lastFailure()).as("kept").isAfterOrEqualTo(down.lastFailure());
        assertThat(back.lastOk()).isAfter(back.lastFailure());
    }

    @Test
    void aHungInstanceDelaysNobodyElseAndCountsAsUnreachable() {
        probe.answers(DB1, new ProbeResult(false, upTo(10)));
        hung = probe.hangs(DB2);
        start();

        await("db1 probed twenty times while db2 hangs", () -> seenAs(DB1, o -> o.consecutiveOk() >= 20));
        await("db2 reported silent", () -> seenAs(DB2, o -> !o.reachable()));
        assertThat(seen(DB2).error()).isEqualTo("db2:3306 did not answer within 200 ms");
        assertThat(seen(DB2).lastOk()).isNull();
    }

    @Test
    void prefersAFreshPublishedLagToItsOwnEstimate() {
        probe.answers(DB1, new ProbeResult(false, upTo(10)));
        probe.answers(DB2, new ProbeResult(true, upTo(10)));
        published.put(DB2, new LagSample(DB2, 1234, 7, 1L, Instant.now().plusSeconds(60)));
        start();

        await("the published lag used", () -> seenAs(DB2, o -> Long.valueOf(1234).equals(o.lagMillis())));

        published.put(DB2, new LagSample(DB2, 1234, 7, 1L, Instant.now().minusSeconds(10)));
        await("a stale sample ignored for the estimate", () -> seenAs(DB2, o -> Long.valueOf(0).equals(o.lagMillis())));
        assertThat(seen(DB1).lagMillis()).as("the primary has no lag").isNull();
    }

    @Test
    void estimatesLagWhenAReplicaLacksWhatThePrimaryExecuted() {
        probe.answers(DB1, new ProbeResult(false, upTo(100)));
        probe.answers(DB2, new ProbeResult(true, upTo(50)));
        start();

        await("db2 seen behind", () -> seenAs(DB2, o -> o.lagMillis() != null && o.lagMillis() > 0));

        probe.answers(DB2, new ProbeResult(true, upTo(100)));
        await("db2 caught up", () -> seenAs(DB2, o -> Long.valueOf(0).equals(o.lagMillis())));
    }

    @Test
    void followsTheViewAsMembersComeAndGo() {
        probe.answers(DB1, new ProbeResult(false, upTo(10)));
        probe.answers(DB2, new ProbeResult(true, upTo(10)));
        probe.answers(DB3, new ProbeResult(true, upTo(10)));
        AtomicInteger changes = new AtomicInteger();
        create().onChange(changes::incrementAndGet);
        observer.start();
        await("db2 seen", () -> observer.observation(DB2).isPresent());

        view.set(view(DB1, DB3));
        await("db3 seen and db2 forgotten", () -> observer.observations().keySet().equals(Set.of(DB1, DB3)));

        view.set(null);
        await("nothing observed without a view", () -> observer.observations().isEmpty());
        assertThat(changes.get()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        probe.answers(DB1, new ProbeResult(false, upTo(10)));
        probe.answers(DB2, new ProbeResult(true, upTo(10)));
        AtomicInteger told = new AtomicInteger();
        // listeners before the first round: its "first seen" changes are the ones this test waits for
        InstanceObserver created = create();
        created.onChange(() -> {
            throw new IllegalStateException("listener bug");
        });
        created.onChange(told::incrementAndGet);
        created.start();

        await("the second listener told", () -> told.get() > 0);
    }
}
