package io.tandem.it;

import io.tandem.failover.recovery.InstanceAdmin;
import io.tandem.failover.recovery.RecoveryOutcome;
import io.tandem.failover.recovery.RecoveryState;
import io.tandem.failover.recovery.Snapshotter;
import io.tandem.sandbox.ServerProcess;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.store.ClusterJournal;
import io.tandem.topology.store.JournalEntry;
import io.tandem.topology.store.JournalEvent;
import io.tandem.topology.store.VersionedView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The orchestrator's faults of issue 5, in order on one sandbox (a sandbox costs most of the time): an orchestrator
 * cut off from the primary while the replicas replicate only reports; an orchestrator that loses ZooKeeper stops
 * acting while the proxy keeps serving; and a leader killed in the middle of a recovery hands over to a follower
 * without a second promotion. Each orchestrator is an {@link InProcessOrchestrator} with its own ZooKeeper session.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrchestratorFaultsIT {

    private static final Duration QUIET = Duration.ofSeconds(4);
    private static final Duration SESSION = Duration.ofSeconds(3);

    private RoutingFixture fixture;
    private ClusterJournal journal;
    private final List<InProcessOrchestrator> running = new ArrayList<>();
    private final ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
    private final AtomicLong nextId = new AtomicLong(1);

    @BeforeAll
    void start() throws SQLException {
        fixture = RoutingFixture.start(2, true, s -> s);
        journal = new ClusterJournal(fixture.zooKeeper, cluster());
        try (Connection c = fixture.connect(""); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE ledger");
            st.execute("CREATE TABLE ledger.entries (id BIGINT PRIMARY KEY)");
        }
        fixture.sandbox.awaitReplicasCaughtUp();
    }

    @AfterAll
    void stop() {
        running.forEach(InProcessOrchestrator::close);
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    @Order(1)
    void anOrchestratorCutOffFromThePrimaryWhileReplicasReplicateDoesNotFailOver() throws Exception {
        long from = lastSequence();
        VersionedView before = fixture.view();
        InProcessOrchestrator cutOff = orchestrator("cut-off", zooKeeperAddress(), CutOffFromPrimary::new,
                admin -> admin);
        Await.until("the cut-off orchestrator to lead", Duration.ofSeconds(15), cutOff::leads, leads -> leads);

        JournalEvent reported = Await.until("the leader to report the unreachable primary", Duration.ofSeconds(10),
                () -> events(from).stream().filter(e -> e.type().equals("ANALYSIS")
                        && List.of("UNREACHABLE_PRIMARY_REPLICAS_OK", "UNREACHABLE_PRIMARY_NO_QUORUM")
                        .contains(e.details().get("code"))).findFirst(), found -> found.isPresent()).orElseThrow();
        System.out.println("OrchestratorFaultsIT: cut-off leader reported " + reported.message());
        assertThat(reported.details()).containsEntry("code", "UNREACHABLE_PRIMARY_REPLICAS_OK");

        stayQuiet("a recovery by an orchestrator cut off from the primary", from, cutOff);
        VersionedView after = fixture.view();
        assertThat(after.view().epoch()).isEqualTo(before.view().epoch());
        assertThat(after.view().primaryKey()).isEqualTo(before.view().primaryKey());
        assertThat(after.view().failoverInProgress()).isFalse();
        writeThroughProxy();
        stopAndForget(cutOff);
    }

    @Test
    @Order(2)
    void anOrchestratorThatLosesZooKeeperStopsActingAndTheProxyKeepsServing() throws Exception {
        long from = lastSequence();
        long epoch = fixture.view().view().epoch();
        try (CuttableLink link = new CuttableLink(zooKeeperPort())) {
            InProcessOrchestrator partitioned = orchestrator("zk-partitioned", link.address(), s -> s, a -> a);
            Await.until("the orchestrator to lead", Duration.ofSeconds(15), partitioned::leads, leads -> leads);

            link.cut();
            long cutAt = System.nanoTime();
            Await.until("the orchestrator to stop leading", Duration.ofSeconds(5), partitioned::leads,
                    leads -> !leads);
            System.out.printf("OrchestratorFaultsIT: ZooKeeper cut, orchestrator stopped acting after %d ms%n",
                    (System.nanoTime() - cutAt) / 1_000_000);

            writeThroughProxy();
            stayQuiet("a recovery by an orchestrator without ZooKeeper", from, partitioned);
            assertThat(partitioned.leads()).isFalse();
            assertThat(fixture.view().view().epoch()).isEqualTo(epoch);
            writeThroughProxy();
            stopAndForget(partitioned);
        }
    }

    /**
     * The leader is stopped inside PROMOTING's relay-log wait (after it fenced under a new epoch), then killed: its
     * ZooKeeper session ends at once (its latch, lock and observer nodes vanish) and every statement it sends fails
     * from then on. The follower must close the unfinished recovery and run its own, promoting once.
     */
    @Test
    @Order(3)
    void killingTheLeaderMidRecoveryHandsOverWithoutASecondPromotion() throws Exception {
        AtomicInteger promotions = new AtomicInteger();
        AtomicReference<KillableAdmin> leaderAdmin = new AtomicReference<>();
        InProcessOrchestrator leader = orchestrator("leader", zooKeeperAddress(), s -> s, admin -> {
            leaderAdmin.set(new KillableAdmin(admin, true, promotions));
            return leaderAdmin.get();
        });
        // the previous scenario's session ends only when ZooKeeper expires it
        Await.until("the first orchestrator to lead", Duration.ofSeconds(20), leader::leads, leads -> leads);
        InProcessOrchestrator follower = orchestrator("follower", zooKeeperAddress(), s -> s,
                admin -> new KillableAdmin(admin, false, promotions));
        assertThat(follower.leads()).isFalse();

        writeUntilReplicasHoldEveryRow();

        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            long from = lastSequence();
            VersionedView before = fixture.view();
            fixture.sandbox.primary().kill();
            runWriters(writers, stop);

            Await.until("the leader's recovery to stop in PROMOTING", Duration.ofSeconds(20),
                    () -> leaderAdmin.get().paused(), paused -> paused);
            assertThat(events(from)).anyMatch(e -> e.type().equals(RecoveryState.PROMOTING.eventType())
                    && e.actor().equals("leader"));
            long killAt = System.nanoTime();
            leader.endSession();
            leaderAdmin.get().kill();
            stopAndForget(leader);

            Await.until("the follower to lead", Duration.ofSeconds(10), follower::leads, leads -> leads);
            VersionedView after = fixture.awaitNewPrimary(before, Duration.ofSeconds(30));
            System.out.printf("OrchestratorFaultsIT: leader killed in PROMOTING, epoch %d published by the "
                    + "follower %d ms later%n", after.view().epoch(), (System.nanoTime() - killAt) / 1_000_000);
            int acknowledgedAtHandover = acknowledged.size();
            Await.until("writes on the new primary", Duration.ofSeconds(10), acknowledged::size,
                    n -> n > acknowledgedAtHandover + 30);
            stop.set(true);
            writers.shutdown();
            assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            assertOnePromotion(events(from), before, after, follower, promotions);
            assertOnlyWritableHoldsEveryAcknowledgedRow(after.view().primaryKey());
        } finally {
            stop.set(true);
            writers.shutdownNow();
            writers.awaitTermination(20, TimeUnit.SECONDS);
        }
    }

    /**
     * Acknowledged writes, then none until the replicas have them all: the async replication window at a kill is
     * FailoverIT's subject; here a row lost could only come from the handover.
     */
    private void writeUntilReplicasHoldEveryRow() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            runWriters(writers, stop);
            Await.until("acknowledged writes before the kill", Duration.ofSeconds(10), acknowledged::size,
                    n -> n > 100);
        } finally {
            stop.set(true);
            writers.shutdown();
            assertThat(writers.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        }
        fixture.sandbox.awaitReplicasCaughtUp();
    }

    /** One RESOLVED recovery, by the follower; at most the killed one ABORTED; one promotion; no epoch reused. */
    private static void assertOnePromotion(List<JournalEvent> events, VersionedView before, VersionedView after,
                                           InProcessOrchestrator follower, AtomicInteger promotions) {
        List<JournalEvent> recovery = events.stream()
                .filter(e -> RecoveryState.ofEventType(e.type()).isPresent()).toList();
        recovery.forEach(e -> System.out.println("OrchestratorFaultsIT: journal " + e.actor() + " " + e.type()
                + " " + e.details().get("recovery") + ": " + e.message()));
        assertThat(count(recovery, RecoveryState.RESOLVED)).isEqualTo(1);
        assertThat(count(recovery, RecoveryState.PUBLISHED)).isEqualTo(1);
        assertThat(count(recovery, RecoveryState.ABORTED)).isLessThanOrEqualTo(1);
        assertThat(recovery).filteredOn(e -> e.type().equals(RecoveryState.RESOLVED.eventType()))
                .allMatch(e -> e.actor().equals(follower.id));
        assertThat(follower.outcomes).filteredOn(RecoveryOutcome::resolved).hasSize(1);
        assertThat(promotions.get()).as("promotions by both orchestrators").isEqualTo(1);
        assertThat(after.view().epoch()).as("one epoch per fencing, none reused")
                .isEqualTo(before.view().epoch() + count(recovery, RecoveryState.FENCING));
    }

    /** Exactly one live server is writable, the published primary, and it has every acknowledged row. */
    private void assertOnlyWritableHoldsEveryAcknowledgedRow(InstanceKey newPrimary) throws SQLException {
        List<ServerProcess> writable = new ArrayList<>();
        for (ServerProcess server : fixture.sandbox.servers()) {
            if (server.alive() && !RootQueries.readOnly(server)) {
                writable.add(server);
            }
        }
        assertThat(writable).hasSize(1);
        assertThat(writable.get(0).layout().key()).isEqualTo(newPrimary);
        List<Long> lost = new ArrayList<>(acknowledged);
        lost.removeAll(RootQueries.ledgerIds(writable.get(0)));
        System.out.printf("OrchestratorFaultsIT: %d acknowledged writes, %d lost%n", acknowledged.size(),
                lost.size());
        assertThat(lost).as("acknowledged rows missing on the new primary").isEmpty();
    }

    private InProcessOrchestrator orchestrator(String id, String zooKeeper, UnaryOperator<Snapshotter> snapshots,
                                               UnaryOperator<InstanceAdmin> admins) {
        InProcessOrchestrator orchestrator = InProcessOrchestrator.start(zooKeeper, SESSION, cluster(), id,
                snapshots, admins);
        running.add(orchestrator);
        return orchestrator;
    }

    private void stopAndForget(InProcessOrchestrator orchestrator) {
        running.remove(orchestrator);
        orchestrator.close();
    }

    /** For {@link #QUIET}: no recovery step is journaled and the view keeps its epoch; fails at the first one. */
    private void stayQuiet(String what, long from, InProcessOrchestrator orchestrator) {
        long epoch = fixture.view().view().epoch();
        long until = System.nanoTime() + QUIET.toNanos();
        while (System.nanoTime() - until < 0) {
            List<JournalEvent> steps = events(from).stream()
                    .filter(e -> RecoveryState.ofEventType(e.type()).isPresent()).toList();
            assertThat(steps).as(what).isEmpty();
            assertThat(orchestrator.outcomes).as(what).isEmpty();
            assertThat(fixture.view().view().epoch()).as(what + ": epoch").isEqualTo(epoch);
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    private void writeThroughProxy() throws SQLException {
        long id = nextId.getAndIncrement();
        try (Connection c = fixture.connect("connectTimeout=2000&socketTimeout=10000");
             Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO ledger.entries VALUES (" + id + ")");
        }
        acknowledged.add(id);
    }

    private void runWriters(ExecutorService writers, AtomicBoolean stop) {
        for (int w = 0; w < 2; w++) {
            writers.submit(() -> write(stop));
        }
    }

    /** Autocommit inserts; only what the server acknowledged is recorded, and a failed one is never resent. */
    private void write(AtomicBoolean stop) {
        Connection c = null;
        while (!stop.get()) {
            long id = nextId.getAndIncrement();
            try {
                if (c == null) {
                    c = fixture.connect("connectTimeout=2000&socketTimeout=30000");
                }
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("INSERT INTO ledger.entries VALUES (" + id + ")");
                }
                acknowledged.add(id);
            } catch (SQLException e) {
                RootQueries.closeQuietly(c);
                c = null;
            }
        }
        RootQueries.closeQuietly(c);
    }

    private List<JournalEvent> events(long afterSequence) {
        return journal.readSince(afterSequence).stream().map(JournalEntry::event).toList();
    }

    private long lastSequence() {
        List<JournalEntry> all = journal.readSince(-1);
        return all.isEmpty() ? -1 : all.get(all.size() - 1).sequence();
    }

    private static long count(List<JournalEvent> events, RecoveryState state) {
        return events.stream().filter(e -> e.type().equals(state.eventType())).count();
    }

    private String cluster() {
        return fixture.sandbox.spec().cluster();
    }

    private String zooKeeperAddress() {
        return fixture.sandbox.zooKeeperConnectString();
    }

    private int zooKeeperPort() {
        String address = zooKeeperAddress();
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

}
