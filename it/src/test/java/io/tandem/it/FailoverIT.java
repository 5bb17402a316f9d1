package io.tandem.it;

import io.tandem.failover.orchestrator.OrchestratorAssembly;
import io.tandem.failover.recovery.RecoveryOutcome;
import io.tandem.failover.recovery.Salvager;
import io.tandem.failover.salvage.BinlogFileSalvager;
import io.tandem.sandbox.ServerProcess;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.store.VersionedView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of the primary under a load of acknowledged autocommit inserts through the proxy: the orchestrator
 * promotes a replica under a new epoch, no acknowledged row is lost, exactly one live server is writable, the other
 * replica follows the new primary, and the time from the kill to the first write the proxy accepts is printed.
 */
class FailoverIT {

    private static final int WRITERS = 4;

    private RoutingFixture fixture;
    private BinlogFileSalvager salvager;
    private OrchestratorAssembly orchestrator;
    private final List<RecoveryOutcome> outcomes = new CopyOnWriteArrayList<>();
    private LedgerLoad load;

    @BeforeEach
    void start() {
        fixture = RoutingFixture.start(2, true, s -> s);
        salvager = SandboxOrchestrator.binlogFileSalvager();
        orchestrator = SandboxOrchestrator.start(fixture, Optional.<Salvager>of(salvager), outcomes::add);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (load != null) {
            load.close();
        }
        if (orchestrator != null) {
            orchestrator.close();
        }
        if (salvager != null) {
            salvager.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void killOfThePrimaryUnderLoadLosesNoAcknowledgedWrite() throws Exception {
        VersionedView before = fixture.view();
        LedgerLoad.createLedger(fixture);
        Await.until("the orchestrator to lead", Duration.ofSeconds(15), () -> orchestrator.orchestrator().leads(),
                leads -> leads);
        Await.until("the primary's binlog located", Duration.ofSeconds(10),
                () -> salvager.binlogIndex(fixture.sandbox.primary().layout().key()), Optional::isPresent);
        load = LedgerLoad.start(fixture, WRITERS);
        Await.until("acknowledged writes before the kill", Duration.ofSeconds(10), load::count, n -> n > 200);

        long killStart = System.nanoTime();
        fixture.sandbox.primary().kill();
        load.markKill();

        long firstWrite = load.awaitFirstWriteAfterKill(Duration.ofSeconds(20));
        System.out.printf("FailoverIT: kill -9 of the primary to the first write accepted through the proxy: %d ms%n",
                (firstWrite - killStart) / 1_000_000);
        VersionedView after = fixture.awaitNewPrimary(before, Duration.ofSeconds(10));
        System.out.println("FailoverIT: recovery outcomes " + outcomes);
        fixture.printJournalSince("FailoverIT",
                System.currentTimeMillis() - (System.nanoTime() - killStart) / 1_000_000);
        int afterFirst = load.count();
        Await.until("more writes on the new primary", Duration.ofSeconds(10), load::count,
                n -> n > afterFirst + 50);
        load.stop();

        InstanceKey newPrimary = after.view().primaryKey();
        ServerProcess promoted = fixture.server(newPrimary);
        ServerProcess other = fixture.sandbox.replicas().stream().filter(r -> r != promoted).findFirst().orElseThrow();
        assertThat(fixture.sandbox.replicas()).contains(promoted);
        assertThat(outcomes).anyMatch(RecoveryOutcome::resolved);

        Set<Long> present = RootQueries.ledgerIds(promoted);
        List<Long> acknowledged = load.acknowledged();
        List<Long> lost = new ArrayList<>(acknowledged);
        lost.removeAll(present);
        System.out.printf("FailoverIT: %d acknowledged writes, %d lost%n", acknowledged.size(), lost.size());
        // Asynchronous replication has a window: the primary acknowledges a commit before its dump thread ships it,
        // so a kill -9 can leave acknowledged rows on no surviving server. The recovery closes it by applying what
        // the new primary lacks from the dead primary's binary log files, which the orchestrator reads here (one
        // host): every acknowledged row must be there.
        assertThat(lost).as("acknowledged rows missing on the new primary").isEmpty();

        assertThat(RootQueries.readOnly(promoted)).as("new primary read_only").isFalse();
        assertThat(RootQueries.readOnly(other)).as("other replica read_only").isTrue();
        Await.until(other.layout().key() + " replicating from " + newPrimary, Duration.ofSeconds(10),
                () -> RootQueries.replicaSource(other), s -> s.equals(newPrimary + " Yes Yes"));
        load.awaitCopiedTo(other, present, Duration.ofSeconds(10));
    }
}
