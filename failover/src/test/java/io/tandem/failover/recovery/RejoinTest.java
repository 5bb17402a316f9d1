package io.tandem.failover.recovery;

import io.tandem.failover.analysis.Analysis;
import io.tandem.failover.analysis.AnalysisCode;
import io.tandem.topology.flavor.Flavor;
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
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.tandem.failover.recovery.RecoveryFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

/** db1 failed over to db2 (epoch 2, db1 FENCED), then answers again: rejoined, quarantined, or left alone. */
class RejoinTest {

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

    /** After a resolved recovery: db2 primary of epoch 2, db1 FENCED and answering again. */
    private static RecoveryFixture failedOver() {
        RecoveryFixture f = new RecoveryFixture(client, "r" + CLUSTERS.incrementAndGet());
        assertThat(f.run().run().resolved()).isTrue();
        f.admin.dead.clear();
        f.admin.calls.clear();
        f.db1Returned = true;
        return f;
    }

    private static Rejoin.Result rejoin(RecoveryFixture f, AnalysisCode code) {
        return new Rejoin(f.context(), new Analysis(code, DB1, "db1 answers again")).run();
    }

    private static List<JournalEvent> events(RecoveryFixture f, String type) {
        return f.journal.readSince(-1).stream().map(e -> e.event()).filter(e -> e.type().equals(type)).toList();
    }

    @Test
    void containedGtidsRejoinAsAnOnlineReplicaOfTheNewPrimaryUnderTheSameEpoch() {
        RecoveryFixture f = failedOver();
        f.admin.executed.put(DB1, P + ":1-9");

        assertThat(rejoin(f, AnalysisCode.OLD_PRIMARY_RETURNED)).isEqualTo(Rejoin.Result.REJOINED);

        assertThat(f.admin.calls).containsExactly("fence db1:3306", "describe db1:3306", "describe db2:3306",
                "repoint db1:3306 to db2:3306", "await db1:3306 " + P + ":1-10");
        ClusterView view = f.view();
        assertThat(view.epoch()).isEqualTo(2);
        assertThat(view.primaryKey()).isEqualTo(DB2);
        assertThat(view.member(DB1).orElseThrow().state()).isEqualTo(MemberState.ONLINE);
        assertThat(view.member(DB1).orElseThrow().replication().source()).isEqualTo(DB2);
        assertThat(events(f, Rejoin.REJOINED)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("source", "db2:3306"));
        assertThat(f.lock.held).isFalse();
    }

    @Test
    void aRejoinedMemberStillBehindIsPublishedLaggingSoThatNoReadGoesToIt() {
        RecoveryFixture f = failedOver();
        f.admin.relayLogApplied = false;

        assertThat(rejoin(f, AnalysisCode.OLD_PRIMARY_RETURNED)).isEqualTo(Rejoin.Result.REJOINED);

        assertThat(f.view().member(DB1).orElseThrow().state()).isEqualTo(MemberState.LAGGING);
    }

    @Test
    void errantGtidsQuarantineItNamingExactlyTheErrantSet() {
        RecoveryFixture f = failedOver();
        f.admin.executed.put(DB1, P + ":1-10," + ERRANT);

        assertThat(rejoin(f, AnalysisCode.FENCED_MEMBER_WRITABLE)).isEqualTo(Rejoin.Result.QUARANTINED);

        assertThat(f.admin.calls).containsExactly("fence db1:3306", "describe db1:3306", "describe db2:3306");
        assertThat(f.view().member(DB1).orElseThrow().state()).isEqualTo(MemberState.QUARANTINED);
        assertThat(f.view().epoch()).isEqualTo(2);
        assertThat(events(f, Rejoin.QUARANTINED)).singleElement().satisfies(e -> {
            assertThat(e.details()).containsEntry("errant", ERRANT);
            assertThat(e.message()).contains(ERRANT);
        });
    }

    @Test
    void onMariaDbACommitTheNewPrimaryNeverLoggedQuarantinesThoughItsSequenceNumberIsCovered() {
        RecoveryFixture f = failedOver();
        f.touchView(v -> new ClusterView(v.cluster(), v.epoch(), Flavor.MARIADB, v.primary(), v.replicas(),
                v.failoverInProgress(), v.observedAt()));
        // db1 (server 1) committed 0-1-4 and died; db2 (server 2) was promoted at 0-1-3 and logged 0-2-4..6
        f.admin.executed.put(DB1, "0-1-4");
        f.admin.executed.put(DB2, "0-2-6");
        f.admin.unlogged.put(DB2, "0-1-4..4");

        assertThat(rejoin(f, AnalysisCode.OLD_PRIMARY_RETURNED)).isEqualTo(Rejoin.Result.QUARANTINED);

        assertThat(f.admin.calls).containsExactly("fence db1:3306", "describe db1:3306", "describe db2:3306",
                "unlogged db2:3306 0-1-4");
        assertThat(f.view().member(DB1).orElseThrow().state()).isEqualTo(MemberState.QUARANTINED);
        assertThat(events(f, Rejoin.QUARANTINED)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("errant", "0-1-4..4"));
    }

    @Test
    void aFollowerOrABusyLockLeavesTheServerAlone() {
        RecoveryFixture f = failedOver();
        f.leader.set(false);
        assertThat(rejoin(f, AnalysisCode.FENCED_MEMBER_WRITABLE)).isEqualTo(Rejoin.Result.SKIPPED);
        f.leader.set(true);
        f.lock.busy = true;
        assertThat(rejoin(f, AnalysisCode.FENCED_MEMBER_WRITABLE)).isEqualTo(Rejoin.Result.SKIPPED);

        assertThat(f.admin.calls).isEmpty();
        assertThat(f.view().member(DB1).orElseThrow().state()).isEqualTo(MemberState.FENCED);
    }

    @Test
    void leadershipLostAfterFencingStopsBeforeTheRepoint() {
        RecoveryFixture f = failedOver();
        f.admin.before.put("describe", () -> f.leader.set(false));

        assertThat(rejoin(f, AnalysisCode.OLD_PRIMARY_RETURNED)).isEqualTo(Rejoin.Result.SKIPPED);

        assertThat(f.admin.calls).noneMatch(c -> c.startsWith("repoint"));
        assertThat(f.view().member(DB1).orElseThrow().state()).isEqualTo(MemberState.FENCED);
        assertThat(f.lock.held).isFalse();
    }

    @Test
    void aMemberNoLongerFencedInTheViewIsNotTouched() {
        RecoveryFixture f = failedOver();
        f.touchView(v -> RecoveryViews.replacing(v, v.member(DB1).orElseThrow().withState(MemberState.MAINTENANCE),
                v.observedAt()));

        assertThat(rejoin(f, AnalysisCode.OLD_PRIMARY_RETURNED)).isEqualTo(Rejoin.Result.SKIPPED);

        assertThat(f.admin.calls).isEmpty();
    }

    @Test
    void aViewChangedWhileRejoiningIsNotOverwrittenAndTheNextRoundRetries() {
        RecoveryFixture f = failedOver();
        f.admin.before.put("repoint", () -> f.touchView(v -> v.withEpoch(v.epoch(), java.time.Instant.now())));

        assertThat(rejoin(f, AnalysisCode.OLD_PRIMARY_RETURNED)).isEqualTo(Rejoin.Result.STALE);

        assertThat(f.view().member(DB1).orElseThrow().state()).isEqualTo(MemberState.FENCED);
        assertThat(events(f, Rejoin.REJOINED)).isEmpty();
        assertThat(f.lock.held).isFalse();
    }
}
