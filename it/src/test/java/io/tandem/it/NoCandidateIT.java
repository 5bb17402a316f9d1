package io.tandem.it;

import io.tandem.failover.orchestrator.OrchestratorAssembly;
import io.tandem.failover.recovery.RecoveryOutcome;
import io.tandem.failover.recovery.RecoveryState;
import io.tandem.sandbox.ServerProcess;
import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.store.ClusterJournal;
import io.tandem.topology.store.JournalEntry;
import io.tandem.topology.store.JournalEvent;
import io.tandem.topology.store.VersionedView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dead primary that must not be replaced: every replica carries errant GTIDs (transactions the primary never had),
 * or every replica is dead too. The orchestrator reports the problem, naming the errant GTIDs, and promotes nobody:
 * the view keeps its epoch, no recovery step is journaled and no surviving server becomes writable.
 */
class NoCandidateIT {

    private static final Duration QUIET = Duration.ofSeconds(3);

    private RoutingFixture fixture;
    private OrchestratorAssembly orchestrator;
    private final List<RecoveryOutcome> outcomes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        fixture = RoutingFixture.start(2, true, s -> s);
        orchestrator = SandboxOrchestrator.start(fixture, Optional.empty(), outcomes::add);
        Await.until("the orchestrator to lead", Duration.ofSeconds(15), () -> orchestrator.orchestrator().leads(),
                leads -> leads);
    }

    @AfterEach
    void stop() {
        if (orchestrator != null) {
            orchestrator.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void errantGtidsOnEveryReplicaPreventPromotionAndAreNamed() throws Exception {
        ServerProcess primary = fixture.sandbox.primary();
        GtidSet primaryHas = RootQueries.gtidExecuted(primary);
        List<String> errant = new java.util.ArrayList<>();
        int n = 0;
        for (ServerProcess replica : fixture.sandbox.replicas()) {
            // a DBA's "quick fix" straight on a replica: a transaction the primary never had
            SandboxFixture.execute(replica, "SET GLOBAL super_read_only = OFF",
                    "CREATE DATABASE errant_" + n++, "SET GLOBAL super_read_only = ON");
            errant.add(RootQueries.gtidExecuted(replica).subtract(primaryHas).toString());
        }
        long from = lastSequence();
        VersionedView before = fixture.view();

        primary.kill();

        JournalEvent refused = Await.until("the dead primary reported without a candidate", Duration.ofSeconds(20),
                () -> events(from).stream().filter(e -> e.message().startsWith("DEAD_PRIMARY_NO_CANDIDATE"))
                        .findFirst(), Optional::isPresent).orElseThrow();
        System.out.println("NoCandidateIT: " + refused.message());
        for (String gtids : errant) {
            assertThat(refused.message()).as("the refusal names each replica's errant GTIDs").contains(gtids);
        }
        stayQuiet(before, from);
    }

    @Test
    void replicasDeadTooPreventPromotionAndAreReported() throws Exception {
        long from = lastSequence();
        VersionedView before = fixture.view();
        for (ServerProcess replica : fixture.sandbox.replicas()) {
            replica.kill();
        }
        fixture.sandbox.primary().kill();

        JournalEvent reported = Await.until("the dead primary and replicas reported", Duration.ofSeconds(20),
                () -> events(from).stream().filter(e -> e.message().startsWith("DEAD_PRIMARY_AND_REPLICAS"))
                        .findFirst(), Optional::isPresent).orElseThrow();
        System.out.println("NoCandidateIT: " + reported.message());
        stayQuiet(before, from);
    }

    /** No recovery step journaled, no outcome, the same epoch, and no replica made writable, for {@link #QUIET}. */
    private void stayQuiet(VersionedView before, long from) throws Exception {
        long until = System.nanoTime() + QUIET.toNanos();
        while (System.nanoTime() - until < 0) {
            assertThat(events(from).stream().filter(e -> RecoveryState.ofEventType(e.type()).isPresent()).toList())
                    .as("recovery steps").isEmpty();
            assertThat(outcomes).isEmpty();
            assertThat(fixture.view().view().epoch()).isEqualTo(before.view().epoch());
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        for (ServerProcess replica : fixture.sandbox.replicas()) {
            if (replica.alive()) {
                assertThat(RootQueries.readOnly(replica)).as(replica.layout().key() + " read_only").isTrue();
            }
        }
    }

    private List<JournalEvent> events(long from) {
        return new ClusterJournal(fixture.zooKeeper, fixture.sandbox.spec().cluster()).readSince(from).stream()
                .map(JournalEntry::event).toList();
    }

    private long lastSequence() {
        List<JournalEntry> all = new ClusterJournal(fixture.zooKeeper, fixture.sandbox.spec().cluster())
                .readSince(-1);
        return all.isEmpty() ? -1 : all.get(all.size() - 1).sequence();
    }
}
