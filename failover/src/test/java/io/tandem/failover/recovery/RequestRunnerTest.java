package io.tandem.failover.recovery;

import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.request.ClusterSettingsStore;
import io.tandem.topology.request.Request;
import io.tandem.topology.request.RequestOutcome;
import io.tandem.topology.request.RequestStore;
import io.tandem.topology.request.RequestType;
import io.tandem.topology.store.JournalEvent;
import io.tandem.topology.store.ZooKeeperConnector;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.MemberState;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.tandem.failover.recovery.RecoveryFixture.DB1;
import static io.tandem.failover.recovery.RecoveryFixture.DB2;
import static org.assertj.core.api.Assertions.assertThat;

class RequestRunnerTest {

    private static TestingServer server;
    private static CuratorFramework client;
    private static final AtomicInteger CLUSTERS = new AtomicInteger();

    private final RecoveryFixture f = new RecoveryFixture(client, "r" + CLUSTERS.incrementAndGet());
    private final RequestStore requests = new RequestStore(client, f.cluster);
    private final ClusterSettingsStore settings = new ClusterSettingsStore(client, f.cluster);
    private final RequestRunner runner = new RequestRunner(f.context(), requests, settings);

    @BeforeAll
    static void startZooKeeper() throws Exception {
        server = new TestingServer(true);
        client = ZooKeeperConnector.connect(server.getConnectString(), Duration.ofSeconds(15), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        client.close();
        server.close();
    }

    private RequestOutcome ask(RequestType type, InstanceKey instance, Boolean enable) {
        long sequence = requests.submit(new Request(type, instance, enable, "alice@ops1", Instant.now()));
        runner.runPending();
        return requests.awaitOutcome(sequence, Duration.ZERO).orElseThrow();
    }

    @Test
    void maintenanceTakesAReplicaOutOfReadsAndPromotionAndBackAndIsJournaledWithWhoAsked() {
        RequestOutcome on = ask(RequestType.MAINTENANCE, DB2, true);

        assertThat(on.done()).isTrue();
        assertThat(on.message()).isEqualTo("db2:3306 is in maintenance: no reads are routed to it and it is never"
                + " promoted");
        assertThat(f.view().member(DB2).orElseThrow().state()).isEqualTo(MemberState.MAINTENANCE);
        JournalEvent journaled = f.journal.readSince(-1).get(0).event();
        assertThat(journaled.type()).isEqualTo("REQUEST_DONE");
        assertThat(journaled.details()).containsEntry("requestedBy", "alice@ops1").containsEntry("instance",
                "db2:3306");

        assertThat(ask(RequestType.MAINTENANCE, DB2, true).message()).isEqualTo("db2:3306 is already in maintenance");
        assertThat(ask(RequestType.MAINTENANCE, DB2, false).done()).isTrue();
        assertThat(f.view().member(DB2).orElseThrow().state()).isEqualTo(MemberState.LAGGING);
        assertThat(f.lock.held).isFalse();
    }

    @Test
    void maintenanceOfThePrimaryAnUnknownServerOrDuringAFailoverIsRefusedWithNothingChanged() {
        ClusterView before = f.view();

        RequestOutcome primary = ask(RequestType.MAINTENANCE, DB1, true);
        RequestOutcome unknown = ask(RequestType.MAINTENANCE, InstanceKey.parse("db9:3306"), true);
        f.touchView(v -> new ClusterView(v.cluster(), v.epoch() + 1, v.flavor(), v.primary(), v.replicas(), true,
                v.observedAt()));
        RequestOutcome during = ask(RequestType.MAINTENANCE, DB2, true);

        assertThat(primary.done()).isFalse();
        assertThat(primary.message()).isEqualTo("db1:3306 is the primary: maintenance applies to replicas (move the"
                + " primary first)");
        assertThat(unknown.message()).isEqualTo("unknown instance db9:3306: cluster " + f.cluster + " has db1:3306,"
                + " db2:3306, db3:3306");
        assertThat(during.message()).startsWith("a failover is in progress (epoch 2)");
        assertThat(f.view().replicas()).isEqualTo(before.replicas());
        assertThat(f.journal.readSince(-1)).extracting(e -> e.event().type()).containsOnly("REQUEST_REFUSED");
    }

    @Test
    void automaticFailoverIsSwitchedForTheWholeCluster() {
        assertThat(ask(RequestType.AUTO_FAILOVER, null, false).message()).startsWith("automatic failover is off");
        assertThat(settings.read().autoFailover()).isFalse();
        assertThat(ask(RequestType.AUTO_FAILOVER, null, false).message())
                .isEqualTo("automatic failover is already off");

        assertThat(ask(RequestType.AUTO_FAILOVER, null, true).done()).isTrue();
        assertThat(settings.read().autoFailover()).isTrue();
    }

    @Test
    void anAcknowledgementLiftsAntiFlapping() {
        JournalEvent earlier = new JournalEvent(Instant.now().minusSeconds(60), RecoveryState.RESOLVED.eventType(),
                "orch-0", "earlier recovery", Map.of("recovery", "earlier"));
        RecoveryHistory.finished(f.journal.marks(), earlier);
        assertThat(f.run().run().reason()).startsWith("anti-flapping").endsWith("(tandem acknowledge lifts it)");

        assertThat(ask(RequestType.ACKNOWLEDGE, null, null).done()).isTrue();

        assertThat(f.run().run().state()).isEqualTo(RecoveryState.RESOLVED);
    }

    @Test
    void aBusyLockOrALostLeadershipLeavesRequestsPending() {
        long sequence = requests.submit(new Request(RequestType.AUTO_FAILOVER, null, false, "bob", Instant.now()));
        f.lock.busy = true;
        runner.runPending();
        f.lock.busy = false;
        f.leader.set(false);
        runner.runPending();

        assertThat(requests.read(sequence).orElseThrow().pending()).isTrue();
        assertThat(settings.read().autoFailover()).isTrue();

        f.leader.set(true);
        runner.runPending();
        assertThat(requests.read(sequence).orElseThrow().pending()).isFalse();
    }
}
