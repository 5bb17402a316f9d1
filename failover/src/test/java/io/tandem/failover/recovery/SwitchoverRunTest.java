package io.tandem.failover.recovery;

import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.store.ZooKeeperConnector;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.MemberState;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static io.tandem.failover.recovery.RecoveryFixture.DB1;
import static io.tandem.failover.recovery.RecoveryFixture.DB2;
import static io.tandem.failover.recovery.RecoveryFixture.DB3;
import static io.tandem.failover.recovery.RecoveryFixture.P;
import static org.assertj.core.api.Assertions.assertThat;

class SwitchoverRunTest {

    private static TestingServer server;
    private static CuratorFramework client;
    private static final AtomicInteger CLUSTERS = new AtomicInteger();

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

    private static RecoveryFixture fixture() {
        RecoveryFixture f = new RecoveryFixture(client, "s" + CLUSTERS.incrementAndGet());
        f.primaryAlive();
        f.lock.acquire(Duration.ZERO);
        return f;
    }

    private static SwitchoverRun.Outcome switchover(RecoveryFixture f, InstanceKey target) {
        return new SwitchoverRun(f.context(), target, "alice@ops1", "sw-1").run();
    }

    @Test
    void theOldPrimaryDrainsTheTargetCatchesUpExactlyIsPromotedAndTheOldPrimaryFollowsIt() {
        RecoveryFixture f = fixture();

        SwitchoverRun.Outcome outcome = switchover(f, DB3);

        assertThat(outcome.done()).as(outcome.message()).isTrue();
        assertThat(outcome.newPrimary()).isEqualTo(DB3);
        assertThat(f.admin.calls).containsSubsequence("drain-fence db1:3306", "describe db1:3306",
                "await db3:3306 " + P + ":1-10", "promote db3:3306", "repoint db1:3306 to db3:3306",
                "repoint db2:3306 to db3:3306");
        ClusterView view = f.view();
        assertThat(view.epoch()).isEqualTo(2);
        assertThat(view.failoverInProgress()).isFalse();
        assertThat(view.primaryKey()).isEqualTo(DB3);
        assertThat(view.member(DB1).orElseThrow().state()).as("a healthy replica, not fenced")
                .isEqualTo(MemberState.ONLINE);
        assertThat(f.journalTypes()).contains("SWITCHOVER_VERIFIED", "SWITCHOVER_FENCED", "SWITCHOVER_DONE");
        assertThat(f.counted).contains("recovery switchover DONE");
    }

    @Test
    void withoutATargetItMovesToTheReplicaAFailoverWouldChoose() {
        RecoveryFixture f = fixture();

        assertThat(switchover(f, null).newPrimary()).as("db2 holds the most transactions").isEqualTo(DB2);
    }

    @Test
    void aTargetThatCannotBePromotedIsRefusedBeforeAnythingChanges() {
        RecoveryFixture f = fixture();
        f.db3Executed = P + ":1-8,aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa:1";

        SwitchoverRun.Outcome errant = switchover(f, DB3);
        SwitchoverRun.Outcome primary = switchover(f, DB1);
        SwitchoverRun.Outcome unknown = switchover(f, InstanceKey.parse("db9:3306"));

        assertThat(errant.done()).isFalse();
        assertThat(errant.message()).isEqualTo("db3:3306 cannot be promoted: errant GTIDs"
                + " aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa:1");
        assertThat(primary.message()).isEqualTo("db1:3306 is already the primary");
        assertThat(unknown.message()).startsWith("unknown instance db9:3306: cluster");
        assertThat(f.admin.calls).isEmpty();
        assertThat(f.view().epoch()).isEqualTo(1);
        assertThat(f.journalTypes()).containsOnly("SWITCHOVER_REFUSED");
    }

    @Test
    void openTransactionsThatDoNotDrainLeaveTheClusterAsItWas() {
        RecoveryFixture f = fixture();
        f.admin.timingOut.add("drain-fence");

        SwitchoverRun.Outcome outcome = switchover(f, DB2);

        assertThat(outcome.done()).isFalse();
        assertThat(outcome.message()).isEqualTo("the open transactions on db1:3306 did not end within 5 s, or it could"
                + " not be fenced (Lock wait timeout exceeded; try restarting transaction); db1:3306 is the primary"
                + " as before, nothing was changed");
        assertThat(f.view().failoverInProgress()).as("writes released").isFalse();
        assertThat(f.view().primaryKey()).isEqualTo(DB1);
        assertThat(f.admin.calls).doesNotContain("unfence db1:3306");
    }

    @Test
    void aTargetThatDoesNotCatchUpIsUndoneAndTheOldPrimaryWritableAgain() {
        RecoveryFixture f = fixture();
        f.admin.relayLogApplied = false;

        SwitchoverRun.Outcome outcome = switchover(f, DB2);

        assertThat(outcome.message()).startsWith("db2:3306 did not apply db1:3306's last transactions within")
                .endsWith("db1:3306 is the primary as before, nothing was changed");
        assertThat(f.admin.calls).contains("unfence db1:3306").doesNotContain("promote db2:3306");
        assertThat(f.view().failoverInProgress()).isFalse();
        assertThat(f.view().primaryKey()).isEqualTo(DB1);
        assertThat(f.counted).contains("recovery switchover REFUSED");
    }
}
