package io.tandem.failover.recovery;

import io.tandem.topology.request.ClusterSettings;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.tandem.failover.recovery.RecoveryFixture.DB2;
import static io.tandem.failover.recovery.RecoveryFixture.DB3;
import static io.tandem.failover.recovery.RecoveryFixture.P;
import static org.assertj.core.api.Assertions.assertThat;

class DryRunTest {

    private static TestingServer server;
    private static CuratorFramework client;
    private static final AtomicInteger CLUSTERS = new AtomicInteger();

    private final RecoveryFixture f = new RecoveryFixture(client, "d" + CLUSTERS.incrementAndGet());

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

    private RecoveryPlan plan(RecoveryKind kind, ClusterSettings settings) {
        ClusterView view = f.view();
        return new DryRun(f.context()).plan(kind, view, f.snapshot(view), null, settings,
                new RecoveryHistory(f.journal.marks()), Instant.now());
    }

    @Test
    void aFailoverPlanNamesTheCandidateWhyNotTheOthersAndWhatWouldBeLostAndTheFailoverThenDoesThat() {
        f.db3Executed = P + ":1-8,aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa:1";

        RecoveryPlan plan = plan(RecoveryKind.FAILOVER, ClusterSettings.DEFAULTS);

        assertThat(plan.wouldRun()).isTrue();
        assertThat(plan.candidate()).isEqualTo("db2:3306");
        assertThat(plan.excluded()).containsExactly(new RecoveryPlan.Excluded("db3:3306",
                List.of("errant GTIDs aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa:1")));
        assertThat(plan.wouldLose()).as("db2 holds everything db1 executed").isEmpty();
        assertThat(plan.describe()).contains("promote db2:3306: most advanced of 1 eligible")
                .contains("not db3:3306: errant GTIDs aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa:1")
                .contains("nothing would stop it");

        RecoveryOutcome outcome = f.run().run();
        assertThat(outcome.newPrimary()).as("the failover chose what the dry-run said").hasToString(plan.candidate());
    }

    @Test
    void theGuardsThatWouldStopItAreNamed() {
        f.touchView(v -> new ClusterView(v.cluster(), v.epoch(), v.flavor(), v.primary(), List.of(
                v.member(DB2).orElseThrow().withState(MemberState.MAINTENANCE), v.member(DB3).orElseThrow()),
                false, v.observedAt()));
        JournalEvent earlier = new JournalEvent(Instant.now().minusSeconds(30), RecoveryState.RESOLVED.eventType(),
                "orch-0", "earlier", Map.of("recovery", "earlier"));
        RecoveryHistory.finished(f.journal.marks(), earlier);

        RecoveryPlan plan = plan(RecoveryKind.FAILOVER, new ClusterSettings(false));

        assertThat(plan.wouldRun()).isFalse();
        assertThat(plan.candidate()).isEqualTo("db3:3306");
        assertThat(plan.excluded()).extracting(RecoveryPlan.Excluded::replica).containsExactly("db2:3306");
        assertThat(plan.excluded().get(0).reasons()).containsExactly("state MAINTENANCE");
        assertThat(plan.wouldLose()).as("db3 lacks db1's last two").isEqualTo(P + ":9-10");
        assertThat(plan.blockedBy()).hasSize(2);
        assertThat(plan.blockedBy().get(0)).isEqualTo("automatic failover is off (tandem auto-failover on)");
        assertThat(plan.blockedBy().get(1)).startsWith("anti-flapping: the last recovery resolved at");
    }

    @Test
    void aSwitchoverPlanNeedsALivePrimaryAndLosesNothing() {
        RecoveryPlan dead = plan(RecoveryKind.SWITCHOVER, ClusterSettings.DEFAULTS);
        assertThat(dead.blockedBy()).containsExactly("the primary db1:3306 is unreachable: that takes a failover");

        f.primaryAlive();
        RecoveryPlan alive = plan(RecoveryKind.SWITCHOVER, new ClusterSettings(false));

        assertThat(alive.wouldRun()).as("automatic failover off does not stop a switchover").isTrue();
        assertThat(alive.wouldLose()).isEmpty();
        assertThat(plan(RecoveryKind.FAILOVER, ClusterSettings.DEFAULTS).blockedBy())
                .containsExactly("the primary db1:3306 answers: no failover while it lives (a switchover moves it)");
    }
}
