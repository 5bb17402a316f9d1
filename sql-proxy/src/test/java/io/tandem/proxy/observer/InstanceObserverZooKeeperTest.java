package io.tandem.proxy.observer;

import io.tandem.topology.lag.LagSample;
import io.tandem.topology.lag.LagStore;
import io.tandem.topology.lag.LagSubscription;
import io.tandem.topology.observer.ObserverKind;
import io.tandem.topology.observer.ObserverRegistration;
import io.tandem.topology.observer.ObserverReport;
import io.tandem.topology.observer.ObserverStore;
import io.tandem.topology.probe.ProbeResult;
import io.tandem.topology.store.TandemPaths;
import io.tandem.topology.store.ZooKeeperConnector;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.tandem.proxy.observer.Clusters.DB1;
import static io.tandem.proxy.observer.Clusters.DB2;
import static io.tandem.proxy.observer.Clusters.await;
import static io.tandem.proxy.observer.Clusters.upTo;
import static io.tandem.proxy.observer.Clusters.view;
import static org.assertj.core.api.Assertions.assertThat;

/** The observer against a real ZooKeeper: its report in {@code observers/<id>}, lag read from {@code lag/<instance>}. */
class InstanceObserverZooKeeperTest {

    private static final ObserverSettings FAST = ObserverSettings.defaults("monitor", "secret")
            .withProbeInterval(Duration.ofMillis(10)).withTimeout(Duration.ofMillis(200));
    private static final TandemPaths PATHS = new TandemPaths("observed");

    private static TestingServer server;
    private static CuratorFramework client;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        server = new TestingServer(true);
        client = ZooKeeperConnector.connect(server.getConnectString(), Duration.ofSeconds(10), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void publishesWhatItSeesAndReadsPublishedLag() {
        FakeProbe probe = new FakeProbe();
        probe.answers(DB1, new ProbeResult(false, upTo(10)));
        probe.fails(DB2, "db2:3306: Connection refused");
        ObserverStore observers = new ObserverStore(client, PATHS);
        LagStore lag = new LagStore(client, PATHS);
        lag.publish(new LagSample(DB2, 4321, 3, 4L, Instant.now().plusSeconds(60)));

        try (ObserverRegistration registration = observers.register("proxy-1", ObserverKind.PROXY);
             LagSubscription samples = lag.subscribe();
             InstanceObserver observer = new InstanceObserver(FAST, () -> Optional.of(view(DB1, DB2)), probe,
                     registration, samples::latest, Clock.systemUTC()).start()) {

            await("a report with db1 up and db2 down", () -> reportSays(observers.current(), true, false));
            ObserverReport report = observers.current().get(0);
            assertThat(report.observerId()).isEqualTo("proxy-1");
            assertThat(report.kind()).isEqualTo(ObserverKind.PROXY);
            assertThat(report.entry(DB1).orElseThrow().readOnly()).isFalse();
            assertThat(report.entry(DB2).orElseThrow().error()).isEqualTo("db2:3306: Connection refused");

            probe.answers(DB2, new ProbeResult(true, upTo(10)));
            await("db2 up in the report", () -> reportSays(observers.current(), true, true));
            await("db2 lag read from ZooKeeper", () -> observer.observation(DB2)
                    .filter(o -> Long.valueOf(4321).equals(o.lagMillis())).isPresent());
        }
        await("the node gone with its registration", () -> observers.current().isEmpty());
    }

    private static boolean reportSays(List<ObserverReport> reports, boolean db1, boolean db2) {
        return reports.size() == 1
                && reports.get(0).entry(DB1).filter(e -> e.reachable() == db1).isPresent()
                && reports.get(0).entry(DB2).filter(e -> e.reachable() == db2).isPresent();
    }
}
