package io.tandem.failover.recovery;

import io.tandem.topology.store.ZooKeeperConnector;
import io.tandem.topology.store.JournalEvent;
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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static io.tandem.failover.recovery.RecoveryFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

class RecoveryRunTest {

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

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition within 5 s").isNegative();
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    private static RecoveryFixture fixture() {
        return new RecoveryFixture(client, "c" + CLUSTERS.incrementAndGet());
    }

    @Test
    void promotesTheMostAdvancedReplicaAndPublishesTheNextEpoch() {
        RecoveryFixture f = fixture();

        RecoveryOutcome outcome = f.run().run();

        assertThat(outcome.state()).isEqualTo(RecoveryState.RESOLVED);
        assertThat(outcome.newPrimary()).isEqualTo(DB2);
        assertThat(f.admin.calls).containsSubsequence("await db2:3306 " + P + ":1-10", "promote db2:3306",
                "repoint db3:3306 to db2:3306", "describe db2:3306");
        // db1 was unreachable when verified: its fence is attempted beside the recovery, not before it
        await(() -> f.admin.calls.contains("fence db1:3306"));
        ClusterView view = f.view();
        assertThat(view.epoch()).isEqualTo(2);
        assertThat(view.failoverInProgress()).isFalse();
        assertThat(view.primaryKey()).isEqualTo(DB2);
        assertThat(view.member(DB1).orElseThrow().state()).isEqualTo(MemberState.FENCED);
        assertThat(view.member(DB3)).isPresent();
        assertThat(f.journalTypes()).containsSubsequence("RECOVERY_DETECTED", "RECOVERY_LOCKED", "RECOVERY_VERIFIED",
                "RECOVERY_FENCING", "RECOVERY_PROMOTING", "RECOVERY_SALVAGING", "RECOVERY_REPOINTING",
                "RECOVERY_PUBLISHED", "RECOVERY_RESOLVED");
        assertThat(f.lock.held).isFalse();
        assertThat(f.counted).containsExactly("step failover DETECTED", "step failover LOCKED",
                "step failover VERIFIED", "step failover FENCING", "step failover PROMOTING",
                "step failover SALVAGING", "step failover REPOINTING", "step failover PUBLISHED",
                "recovery failover RESOLVED");
    }

    @Test
    void salvageRunsOnThePromotedCandidateBeforeRepointingAndItsReportIsJournaled() {
        RecoveryFixture f = fixture();
        f.salvager = Optional.of((snapshot, candidate) -> {
            f.admin.calls.add("salvage " + candidate);
            return "replayed 1 transaction";
        });

        RecoveryOutcome outcome = f.run().run();

        assertThat(outcome.state()).isEqualTo(RecoveryState.RESOLVED);
        assertThat(f.admin.calls).containsSubsequence("promote db2:3306", "salvage db2:3306",
                "repoint db3:3306 to db2:3306");
        assertThat(f.journalMessages()).contains("replayed 1 transaction");
    }

    @Test
    void aFailedSalvageIsJournaledAsLossAndTheRecoveryStillPublishes() {
        RecoveryFixture f = fixture();
        f.salvager = Optional.of((snapshot, candidate) -> {
            throw new IllegalStateException("buffer unreadable");
        });

        RecoveryOutcome outcome = f.run().run();

        assertThat(outcome.state()).isEqualTo(RecoveryState.RESOLVED);
        assertThat(f.view().primaryKey()).isEqualTo(DB2);
        assertThat(f.journalMessages()).anySatisfy(m -> assertThat(m).contains("salvage onto db2:3306 failed")
                .contains("buffer unreadable").contains("is lost"));
    }

    @Test
    void lostLeadershipBetweenStepsAbortsBeforeTheNextSideEffectAndReleasesTheWrites() {
        RecoveryFixture f = fixture();
        RecoveryRun run = f.run();
        f.admin.before.put("await", () -> f.leader.set(false));

        RecoveryOutcome outcome = run.run();

        assertThat(outcome.state()).isEqualTo(RecoveryState.ABORTED);
        assertThat(outcome.lastStep()).isEqualTo(RecoveryState.PROMOTING);
        assertThat(outcome.reason()).contains("no longer leader").contains("before promoting db2:3306");
        assertThat(f.admin.calls).noneMatch(c -> c.startsWith("promote") || c.startsWith("repoint"));
        ClusterView view = f.view();
        assertThat(view.epoch()).isEqualTo(2);
        assertThat(view.primaryKey()).isEqualTo(DB1);
        assertThat(view.failoverInProgress()).isFalse();
        assertThat(f.journalTypes()).containsSubsequence("RECOVERY_PROMOTING", FailoverFlag.CLEARED,
                "RECOVERY_ABORTED");
    }

    @Test
    void relayLogNotAppliedInTimeAbortsWithoutPromoting() {
        RecoveryFixture f = fixture();
        f.admin.relayLogApplied = false;

        RecoveryOutcome outcome = f.run().run();

        assertThat(outcome.state()).isEqualTo(RecoveryState.ABORTED);
        assertThat(outcome.reason()).contains("db2:3306 did not apply its relay log up to " + P + ":1-10 within 5000 ms");
        assertThat(f.admin.calls).noneMatch(c -> c.startsWith("promote"));
        assertThat(f.view().failoverInProgress()).isFalse();
        assertThat(f.view().primaryKey()).isEqualTo(DB1);
    }

    @Test
    void errantGtidsOnEveryCandidateMeanNoPromotionAndNameTheGtids() {
        RecoveryFixture f = fixture();
        f.db2Executed = P + ":1-9," + ERRANT;
        f.db3Executed = P + ":1-8," + ERRANT;

        RecoveryOutcome outcome = f.run().run();

        assertThat(outcome.state()).isEqualTo(RecoveryState.ABORTED);
        assertThat(outcome.lastStep()).isEqualTo(RecoveryState.LOCKED);
        assertThat(outcome.reason()).contains("DEAD_PRIMARY_NO_CANDIDATE").contains("errant").contains(ERRANT);
        assertThat(f.admin.calls).isEmpty();
        assertThat(f.view().epoch()).isEqualTo(1);
    }

    @Test
    void viewChangedAfterVerificationAbortsAtTheFencingCompareAndSet() {
        RecoveryFixture f = fixture();
        RecoveryRun run = f.run();
        // another writer changes the view right after the recovery re-read it
        f.onSnapshot = () -> f.touchView(v -> new ClusterView(v.cluster(), v.epoch(), v.flavor(), v.primary(),
                v.replicas(), false, Instant.now()));

        RecoveryOutcome outcome = run.run();

        assertThat(outcome.state()).isEqualTo(RecoveryState.ABORTED);
        assertThat(outcome.reason()).contains("the view changed since it was verified");
        assertThat(f.admin.calls).isEmpty();
        assertThat(f.view().epoch()).isEqualTo(1);
    }

    @Test
    void viewChangedDuringRecoveryAbortsThePublishAndLeavesTheFlagToItsWriter() {
        RecoveryFixture f = fixture();
        RecoveryRun run = f.run();
        f.admin.before.put("repoint", () -> f.touchView(v -> v.withEpoch(v.epoch() + 1, Instant.now())));

        RecoveryOutcome outcome = run.run();

        assertThat(outcome.state()).isEqualTo(RecoveryState.ABORTED);
        assertThat(outcome.reason()).contains("the view changed while recovering");
        assertThat(f.view().epoch()).isEqualTo(3);
    }

    @Test
    void aRecentResolvedRecoveryBlocksAnotherWithinTheAntiFlappingWindow() {
        RecoveryFixture f = fixture();
        JournalEvent earlier = new JournalEvent(Instant.now().minusSeconds(60), RecoveryState.RESOLVED.eventType(),
                "orch-0", "earlier recovery", Map.of("recovery", "earlier"));
        f.journal.append(earlier);
        RecoveryHistory.transitioned(f.journal.marks(), RecoveryState.RESOLVED, earlier);

        RecoveryOutcome outcome = f.run().run();

        assertThat(outcome.state()).isEqualTo(RecoveryState.ABORTED);
        assertThat(outcome.reason()).startsWith("anti-flapping");
        assertThat(f.admin.calls).isEmpty();
        assertThat(f.counted).containsExactly("step failover DETECTED", "step failover LOCKED",
                "recovery failover ABORTED");
    }

    @Test
    void aBusyLockAbortsBeforeAnyCheck() {
        RecoveryFixture f = fixture();
        f.lock.busy = true;

        RecoveryOutcome outcome = f.run().run();

        assertThat(outcome.state()).isEqualTo(RecoveryState.ABORTED);
        assertThat(outcome.reason()).contains("cluster lock busy");
        assertThat(f.view().epoch()).isEqualTo(1);
    }

    @Test
    void anUnexpectedFailureEndsInAJournaledAbortThatLeavesNothingUnfinished() {
        RecoveryFixture f = fixture();
        RecoveryRun run = f.run();
        f.admin.before.put("promote", () -> {
            throw new IllegalStateException("driver bug");
        });

        RecoveryOutcome outcome = run.run();

        assertThat(outcome.reason()).contains("unexpected failure in PROMOTING").contains("driver bug");
        assertThat(f.view().failoverInProgress()).isFalse();
        assertThat(new RecoveryHistory(f.journal.marks()).unfinished()).isEmpty();
        assertThat(new RecoveryHistory(f.journal.marks()).lastResolved()).isEmpty();
        assertThat(new RecoveryHistory(f.journal.marks()).lastFinished()).get()
                .extracting(JournalEvent::type).isEqualTo("RECOVERY_ABORTED");
    }

    @Test
    void aResolvedRecoveryIsMarkedAndTheNextOneWithinTheWindowStopsAtAntiFlapping() {
        RecoveryFixture f = fixture();
        assertThat(f.run().run().state()).isEqualTo(RecoveryState.RESOLVED);

        RecoveryHistory history = new RecoveryHistory(f.journal.marks());
        assertThat(history.lastResolved()).isPresent();
        assertThat(history.unfinished()).isEmpty();
        assertThat(history.lastFinished()).get().extracting(JournalEvent::type).isEqualTo("RECOVERY_RESOLVED");
    }

    /**
     * A recovery reads what it needs of the past from small marks, never the journal: with 10,000 earlier entries it
     * takes as long as with none. (Reading them all, as it once did, costs seconds on this ZooKeeper; the bound
     * leaves room for a slow machine and nothing for that.)
     */
    @Test
    void detectionToResolutionDoesNotGrowWithTenThousandEarlierJournalEntries() throws Exception {
        fixture().run().run();
        RecoveryOutcome quiet = fixture().run().run();
        RecoveryFixture f = fixture();
        fill(f.cluster, 10_000);

        RecoveryOutcome outcome = f.run().run();

        assertThat(outcome.state()).isEqualTo(RecoveryState.RESOLVED);
        assertThat(outcome.elapsedMillis()).as("with 10,000 earlier entries, against %d ms with none",
                quiet.elapsedMillis()).isLessThan(quiet.elapsedMillis() + 500);
    }

    /** Appends {@code count} entries to the cluster's journal, a thousand per ZooKeeper transaction. */
    private static void fill(String cluster, int count) throws Exception {
        io.tandem.topology.store.TandemPaths paths = new io.tandem.topology.store.TandemPaths(cluster);
        client.createContainers(paths.journal());
        String prefix = paths.journalEventPrefix();
        byte[] data = io.tandem.topology.json.TandemJson.encode(new JournalEvent(Instant.now(), "TEST_HISTORY",
                "test", "an earlier event", Map.of()));
        for (int done = 0; done < count; done += 1000) {
            java.util.List<org.apache.curator.framework.api.transaction.CuratorOp> ops = new java.util.ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                ops.add(client.transactionOp().create().withMode(org.apache.zookeeper.CreateMode.PERSISTENT_SEQUENTIAL)
                        .forPath(prefix, data));
            }
            client.transaction().forOperations(ops);
        }
        assertThat(client.getChildren().forPath(paths.journal())).hasSizeGreaterThanOrEqualTo(count);
    }
}
