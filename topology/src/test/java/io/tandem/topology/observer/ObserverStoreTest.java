package io.tandem.topology.observer;

import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.json.TandemJson;
import io.tandem.topology.store.TandemPaths;
import io.tandem.topology.store.TestingZooKeeper;
import io.tandem.topology.store.ZooKeeperConnector;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObserverStoreTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Instant T0 = Instant.parse("2026-03-14T09:00:00Z");
    private static final InstanceKey DB1 = InstanceKey.parse("db1:3306");
    private static final InstanceKey DB2 = InstanceKey.parse("db2:3306");

    @RegisterExtension
    static final TestingZooKeeper ZOOKEEPER = new TestingZooKeeper();

    private TandemPaths paths;
    private ObserverStore store;

    @BeforeEach
    void freshCluster(TestInfo test) {
        paths = new TandemPaths(test.getTestMethod().orElseThrow().getName());
        store = new ObserverStore(ZOOKEEPER.client(), paths);
    }

    private static ObserverReport report(String id, Instant at, boolean primaryReachable) {
        return new ObserverReport(id, ObserverKind.PROXY, at, List.of(
                new ObserverReport.Entry(DB1, primaryReachable, T0, primaryReachable ? null : "connect timed out",
                        false),
                new ObserverReport.Entry(DB2, true, at, null, true)));
    }

    @Test
    void encodesTheKindInLowerCaseAndReadsEveryFieldBack() {
        ObserverReport report = new ObserverReport("orc-1", ObserverKind.ORCHESTRATOR, T0,
                List.of(new ObserverReport.Entry(DB1, false, null, "Connection refused", null)));

        String json = new String(TandemJson.encode(report), StandardCharsets.UTF_8);

        assertThat(json).contains("\"kind\":\"orchestrator\"").contains("\"key\":\"db1:3306\"")
                .contains("\"lastOk\":null").contains("\"readOnly\":null");
        assertThat(TandemJson.decode(json.getBytes(StandardCharsets.UTF_8), ObserverReport.class)).isEqualTo(report);
        assertThat(report.entry(DB1)).map(ObserverReport.Entry::error).contains("Connection refused");
    }

    @Test
    void readsNothingBeforeAnyObserverRegistered() {
        assertThat(store.current()).isEmpty();
    }

    @Test
    void publishesAnEphemeralNodeThenUpdatesItAndDeletesItOnClose() throws Exception {
        try (ObserverRegistration registration = store.register("proxy-a", ObserverKind.PROXY)) {
            registration.publish(report("proxy-a", T0, true));
            awaitReports(List.of(report("proxy-a", T0, true)));

            Stat stat = ZOOKEEPER.client().checkExists().forPath(paths.observer("proxy-a"));
            assertThat(stat.getEphemeralOwner()).isEqualTo(ZOOKEEPER.client().getZookeeperClient().getZooKeeper()
                    .getSessionId());

            registration.publish(report("proxy-a", T0.plusSeconds(1), false));
            awaitReports(List.of(report("proxy-a", T0.plusSeconds(1), false)));
        }
        awaitReports(List.of());
    }

    @Test
    void listsEveryLiveObserver() {
        try (ObserverRegistration a = store.register("proxy-a", ObserverKind.PROXY);
             ObserverRegistration b = store.register("proxy-b", ObserverKind.PROXY)) {
            a.publish(report("proxy-a", T0, true));
            b.publish(report("proxy-b", T0, false));

            awaitReports(List.of(report("proxy-a", T0, true), report("proxy-b", T0, false)));
        }
    }

    @Test
    void recreatesTheNodeWithTheLatestReportAfterTheSessionExpires() throws Exception {
        CuratorFramework own = ZooKeeperConnector.connect(ZOOKEEPER.connectString(), Duration.ofSeconds(10),
                Duration.ofSeconds(5));
        try (own; ObserverRegistration registration = new ObserverStore(own, paths).register("proxy-a",
                ObserverKind.PROXY)) {
            registration.publish(report("proxy-a", T0, true));
            awaitReports(List.of(report("proxy-a", T0, true)));
            registration.publish(report("proxy-a", T0.plusSeconds(1), true));
            awaitReports(List.of(report("proxy-a", T0.plusSeconds(1), true)));
            long firstSession = own.getZookeeperClient().getZooKeeper().getSessionId();

            expireOnTheServer(own);

            await(() -> ownerOfNode("proxy-a") != 0 && ownerOfNode("proxy-a") != firstSession,
                    "the node re-created by a new session");
            assertThat(store.current()).containsExactly(report("proxy-a", T0.plusSeconds(1), true));
        }
    }

    @Test
    void refusesAnotherObserversReport() {
        try (ObserverRegistration registration = store.register("proxy-a", ObserverKind.PROXY)) {
            assertThatThrownBy(() -> registration.publish(report("proxy-b", T0, true)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("proxy-a");
        }
    }

    /** Closes the client's session from a second connection, as ZooKeeper does when a session times out. */
    private static void expireOnTheServer(CuratorFramework client) throws Exception {
        ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper twin = new ZooKeeper(ZOOKEEPER.connectString(), 10_000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        }, zk.getSessionId(), zk.getSessionPasswd());
        assertThat(connected.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).as("twin session connected").isTrue();
        twin.close();
    }

    private long ownerOfNode(String id) {
        try {
            Stat stat = ZOOKEEPER.client().checkExists().forPath(paths.observer(id));
            return stat == null ? 0 : stat.getEphemeralOwner();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSubscriptionCachesReportsAndHearsEachOne() {
        List<ObserverReport> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ObserverSubscription subscription = store.subscribe(heard::add)) {
            ObserverRegistration a = store.register("proxy-a", ObserverKind.PROXY);
            try (ObserverRegistration b = store.register("proxy-b", ObserverKind.PROXY)) {
                a.publish(report("proxy-a", T0, true));
                b.publish(report("proxy-b", T0, true));
                // a registration holds later reports back until its node exists
                await(() -> subscription.current().size() == 2, "both nodes created");
                a.publish(report("proxy-a", T0.plusSeconds(1), false));
                await(() -> subscription.current().equals(List.of(report("proxy-a", T0.plusSeconds(1), false),
                        report("proxy-b", T0, true))), "both reports, the newest of proxy-a");
                assertThat(heard).contains(report("proxy-a", T0, true), report("proxy-a", T0.plusSeconds(1), false),
                        report("proxy-b", T0, true));

                a.close();
                await(() -> subscription.current().equals(List.of(report("proxy-b", T0, true))),
                        "proxy-a gone with its node");
            }
        }
    }

    private void awaitReports(List<ObserverReport> expected) {
        await(() -> store.current().equals(expected), "reports " + expected);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within %s", what, DEADLINE).isLessThan(deadline);
            Thread.yield();
        }
    }
}
