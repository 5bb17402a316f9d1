package io.tandem.it;

import io.tandem.app.TandemCli;
import io.tandem.failover.orchestrator.OrchestratorAssembly;
import io.tandem.failover.recovery.Salvager;
import io.tandem.sandbox.ServerProcess;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.store.ClusterJournal;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.Member;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Switchovers back and forth under a load of autocommit inserts through the proxy, as a DBA runs them with
 * {@code tandem switchover --to}: every one is done, no statement of the load fails, no acknowledged row is missing,
 * every server ends with the same rows (checksums equal), the old primary replicates from the new one each time,
 * and the write pause is printed (the orchestrator's hold, and the longest write the clients saw).
 */
final class SwitchoverScenario implements AutoCloseable {

    private static final int WRITERS = 4;

    private final Flavor flavor;
    private final RoutingFixture fixture;
    private final OrchestratorAssembly orchestrator;
    private LedgerLoad load;

    SwitchoverScenario(Flavor flavor) throws Exception {
        this.flavor = flavor;
        this.fixture = RoutingFixture.start(flavor, 2, true, s -> s);
        try {
            this.orchestrator = SandboxOrchestrator.start(fixture, Optional.<Salvager>empty(), outcome -> { });
            Await.until("the orchestrator to lead", Duration.ofSeconds(15), () -> orchestrator.orchestrator().leads(),
                    leads -> leads);
        } catch (Exception | Error e) {
            fixture.close();
            throw e;
        }
    }

    void switchoversUnderLoadFailNoStatementAndLoseNothing(int rounds) throws Exception {
        LedgerLoad.createLedger(fixture);
        load = LedgerLoad.start(fixture, WRITERS);
        Await.until("acknowledged writes before the first switchover", Duration.ofSeconds(20), load::count,
                n -> n > 200);
        List<Long> clientPauses = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            ClusterView before = fixture.view().view();
            InstanceKey target = before.replicas().get(round % before.replicas().size()).key();
            load.resetLongest();
            long started = System.nanoTime();
            assertThat(tandem("switchover", "--to", target.toString())).as("switchover %d to %s", round, target)
                    .isZero();
            long took = Duration.ofNanos(System.nanoTime() - started).toMillis();
            ClusterView after = fixture.view().view();
            assertThat(after.primaryKey()).isEqualTo(target);
            assertThat(after.epoch()).isEqualTo(before.epoch() + 1);
            // named ONLINE by the switchover; a health refresh that ran while it was being repointed may have seen
            // its replication stopped for that instant, and the next one sees it replicating
            Await.until(before.primaryKey() + " an ONLINE replica in the view", Duration.ofSeconds(10),
                    () -> fixture.view().view().member(before.primaryKey()).map(Member::state).orElseThrow().name(),
                    state -> state.equals("ONLINE"));
            int count = load.count();
            Await.until("writes on the new primary " + target, Duration.ofSeconds(10), load::count,
                    n -> n > count + 50);
            long longest = load.resetLongest().toMillis();
            clientPauses.add(longest);
            System.out.printf("SwitchoverIT(%s): round %d, %s -> %s: command %d ms, longest client write %d ms%n",
                    flavor, round, before.primaryKey(), target, took, longest);
            ServerProcess old = fixture.server(before.primaryKey());
            Await.until(old.layout().key() + " replicating from " + target, Duration.ofSeconds(10),
                    () -> flavor == Flavor.MYSQL ? RootQueries.replicaSource(old)
                            : RootQueries.mariaDbReplicaSource(old),
                    s -> s.startsWith(target + " ") && s.endsWith("Yes Yes"));
        }
        load.stop();
        assertThat(load.errors()).as("client errors during the switchovers").isEmpty();

        ServerProcess primary = fixture.server(fixture.view().view().primaryKey());
        Set<Long> present = RootQueries.ledgerIds(primary);
        List<Long> missing = new ArrayList<>(load.acknowledged());
        missing.removeAll(present);
        assertThat(missing).as("acknowledged rows missing on the primary").isEmpty();
        Set<Long> checksums = new HashSet<>();
        for (ServerProcess server : fixture.sandbox.servers()) {
            if (server != primary) {
                load.awaitCopiedTo(server, present, Duration.ofSeconds(20));
            }
            checksums.add(RootQueries.checksum(server, "ledger.entries"));
        }
        assertThat(checksums).as("CHECKSUM TABLE ledger.entries on every server").hasSize(1);
        List<String> holds = new ClusterJournal(fixture.zooKeeper, fixture.sandbox.spec().cluster()).readSince(-1)
                .stream().filter(e -> e.event().type().equals("SWITCHOVER_DONE"))
                .map(e -> e.event().details().get("pauseMs")).toList();
        List<Long> sorted = clientPauses.stream().sorted().toList();
        System.out.printf("SwitchoverIT(%s): %d switchovers, %d acknowledged writes, 0 errors; writes held (ms) %s;"
                        + " longest client write per switchover (ms) %s, median %d%n", flavor, rounds,
                load.acknowledged().size(), holds, clientPauses, sorted.get(sorted.size() / 2));
        assertThat(holds).hasSize(rounds);
    }

    private int tandem(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--zk", fixture.sandbox.zooKeeperConnectString(), "--cluster",
                fixture.sandbox.spec().cluster()));
        return TandemCli.run(all.toArray(String[]::new));
    }

    @Override
    public void close() throws Exception {
        if (load != null) {
            load.close();
        }
        orchestrator.close();
        fixture.close();
    }
}
