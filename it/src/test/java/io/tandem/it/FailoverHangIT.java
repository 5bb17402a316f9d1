package io.tandem.it;

import io.tandem.failover.orchestrator.OrchestratorAssembly;
import io.tandem.failover.recovery.RecoveryOutcome;
import io.tandem.failover.recovery.Rejoin;
import io.tandem.sandbox.ServerProcess;
import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.store.ClusterJournal;
import io.tandem.topology.store.JournalEvent;
import io.tandem.topology.store.VersionedView;
import io.tandem.topology.view.MemberState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGSTOP of the primary (a hang, not a crash): the orchestrator fails over as for a dead primary, no acknowledged
 * write is lost; after SIGCONT the old primary is read-only, is rejoined under the new primary and holds the same
 * data. A hung old primary that comes back with a transaction of its own is quarantined with that GTID named.
 * A stopped server is always continued in a finally block, so that no test leaves a frozen mysqld behind.
 */
class FailoverHangIT {

    private static final int WRITERS = 4;

    private RoutingFixture fixture;
    private OrchestratorAssembly orchestrator;
    private final List<RecoveryOutcome> outcomes = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong writesFrom = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong firstWrite = new AtomicLong();
    private final AtomicLong nextId = new AtomicLong();
    private ExecutorService writers;
    private Long stoppedPid;

    @BeforeEach
    void start() throws SQLException {
        fixture = RoutingFixture.start(2, true, s -> s);
        // a hung source keeps the IO threads "connected" until replica_net_timeout (60 s by default) passes without
        // data or heartbeat: with 1 s heartbeats, 3 s is how quickly the replicas may declare it lost
        for (ServerProcess replica : fixture.sandbox.replicas()) {
            RoutingFixture.execute(replica, "STOP REPLICA", "SET GLOBAL replica_net_timeout = 3", "START REPLICA");
        }
        orchestrator = startOrchestrator("it-orchestrator");
    }

    private OrchestratorAssembly startOrchestrator(String id) {
        return SandboxOrchestrator.start(fixture, id, Optional.empty(), outcomes::add);
    }

    @AfterEach
    void stop() throws Exception {
        resume();
        stopWriters();
        if (orchestrator != null) {
            orchestrator.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void hungPrimaryFailsOverAndRejoinsReadOnlyAfterSigcont() throws Exception {
        VersionedView before = prepare();
        startWriters();
        Await.until("acknowledged writes before the hang", Duration.ofSeconds(10), acknowledged::size, n -> n > 200);
        // quiesce first: a write in flight at SIGSTOP would commit when the server resumes and make it errant
        stopWriters();
        ServerProcess old = fixture.sandbox.primary();

        long hangStart = System.nanoTime();
        suspend(old);
        VersionedView after = fixture.awaitNewPrimary(before, Duration.ofSeconds(30));
        long published = System.nanoTime();
        startWriters();
        Await.until("a write accepted through the proxy after the hang", Duration.ofSeconds(20), firstWrite::get,
                t -> t != 0);
        System.out.printf("FailoverHangIT: SIGSTOP to new epoch published %d ms, to first write accepted %d ms%n",
                (published - hangStart) / 1_000_000, (firstWrite.get() - hangStart) / 1_000_000);
        int afterFirst = acknowledged.size();
        Await.until("more writes on the new primary", Duration.ofSeconds(10), acknowledged::size,
                n -> n > afterFirst + 50);
        stopWriters();

        InstanceKey newPrimary = after.view().primaryKey();
        ServerProcess promoted = fixture.server(newPrimary);
        assertThat(outcomes).anyMatch(RecoveryOutcome::resolved);
        assertThat(RootQueries.readOnly(promoted)).as("new primary read_only").isFalse();
        List<Long> lost = new ArrayList<>(acknowledged);
        lost.removeAll(RootQueries.ledgerIds(promoted));
        System.out.printf("FailoverHangIT: %d acknowledged writes, %d lost%n", acknowledged.size(), lost.size());
        assertThat(lost).as("acknowledged rows missing on the new primary").isEmpty();

        long continued = System.nanoTime();
        resume();
        Await.until(old.layout().key() + " super_read_only after SIGCONT", Duration.ofSeconds(3),
                () -> superReadOnly(old), on -> on);
        System.out.printf("FailoverHangIT: SIGCONT to super_read_only=ON observed: %d ms%n",
                (System.nanoTime() - continued) / 1_000_000);
        Await.until(old.layout().key() + " replicating from " + newPrimary, Duration.ofSeconds(20),
                () -> RootQueries.replicaSource(old), s -> s.equals(newPrimary + " Yes Yes"));
        Await.until(old.layout().key() + " ONLINE in the view", Duration.ofSeconds(10),
                () -> fixture.view().view().member(old.layout().key()).map(m -> m.state()).orElse(null),
                s -> s == MemberState.ONLINE);
        System.out.printf("FailoverHangIT: SIGCONT to rejoined ONLINE in the view: %d ms%n",
                (System.nanoTime() - continued) / 1_000_000);
        assertThat(superReadOnly(old)).as("rejoined old primary super_read_only").isTrue();
        assertThat(journal(Rejoin.REJOINED)).anyMatch(e -> e.details().get("member")
                .equals(old.layout().key().toString()));
        assertThat(fixture.view().view().epoch()).isEqualTo(after.view().epoch());

        String target = single(promoted, "SELECT @@gtid_executed");
        assertThat(single(old, "SELECT WAIT_FOR_EXECUTED_GTID_SET('" + target + "', 10)")).isEqualTo("0");
        assertThat(checksum(old)).as("CHECKSUM TABLE on the rejoined old primary").isEqualTo(checksum(promoted));
    }

    @Test
    void hungPrimaryReturningWithAnErrantTransactionIsQuarantinedWithItsGtidNamed() throws Exception {
        VersionedView before = prepare();
        ServerProcess old = fixture.sandbox.primary();
        suspend(old);
        VersionedView after = fixture.awaitNewPrimary(before, Duration.ofSeconds(30));
        ServerProcess promoted = fixture.server(after.view().primaryKey());
        // nobody watches while a DBA writes on the old primary behind Tandem's back
        orchestrator.close();
        orchestrator = null;
        resume();
        // the recovery's fence may still be on its way to the resumed server: write until it no longer interferes
        Await.until("an errant write on " + old.layout().key(), Duration.ofSeconds(10), () -> errantWrite(old),
                written -> written);
        GtidSet errant = GtidSet.parse(single(old, "SELECT @@gtid_executed"))
                .subtract(GtidSet.parse(single(promoted, "SELECT @@gtid_executed")));
        assertThat(errant.count()).isEqualTo(1);

        orchestrator = startOrchestrator("it-orchestrator-2");
        Await.until(old.layout().key() + " QUARANTINED in the view", Duration.ofSeconds(20),
                () -> fixture.view().view().member(old.layout().key()).map(m -> m.state()).orElse(null),
                s -> s == MemberState.QUARANTINED);
        Optional<JournalEvent> event = Await.until("a QUARANTINED journal event", Duration.ofSeconds(5),
                () -> journal(Rejoin.QUARANTINED).stream().filter(e -> e.details().get("member")
                        .equals(old.layout().key().toString())).findFirst(), Optional::isPresent);
        System.out.println("FailoverHangIT: journal: " + event.get().message());
        assertThat(event.get().details()).containsEntry("errant", errant.toString());
        assertThat(superReadOnly(old)).as("quarantined old primary super_read_only").isTrue();
        assertThat(RootQueries.replicaSource(old)).isEqualTo("not a replica");
    }

    /** As root, behind Tandem's back: writable again and one transaction logged with the server's own UUID. */
    private static boolean errantWrite(ServerProcess server) {
        try {
            RoutingFixture.execute(server, "SET GLOBAL super_read_only = OFF", "SET GLOBAL read_only = OFF",
                    "SET SESSION sql_log_bin = ON", "INSERT INTO ledger.entries VALUES (-1, -1)");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** The ledger table on every server, the orchestrator leading; returns the view before any fault. */
    private VersionedView prepare() throws Exception {
        VersionedView before = fixture.view();
        LedgerLoad.createLedger(fixture);
        Await.until("the orchestrator to lead", Duration.ofSeconds(15), () -> orchestrator.orchestrator().leads(),
                leads -> leads);
        return before;
    }

    private void suspend(ServerProcess server) throws IOException, InterruptedException {
        stoppedPid = server.pid();
        signal("-STOP", stoppedPid);
    }

    /** SIGCONT of the stopped server, if any: also run after every test, so that nothing stays frozen. */
    private void resume() throws IOException, InterruptedException {
        if (stoppedPid != null) {
            signal("-CONT", stoppedPid);
            stoppedPid = null;
        }
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill " + signal + " " + pid)
                .isTrue();
    }

    private void startWriters() {
        stop.set(false);
        writesFrom.set(System.nanoTime());
        writers = Executors.newFixedThreadPool(WRITERS);
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.submit(() -> write(writer));
        }
    }

    private void stopWriters() throws InterruptedException {
        stop.set(true);
        if (writers != null) {
            writers.shutdown();
            assertThat(writers.awaitTermination(40, TimeUnit.SECONDS)).as("writers stopped").isTrue();
            writers = null;
        }
    }

    /** Autocommit inserts with fresh ids; only what the server acknowledged is recorded, nothing is retried. */
    private void write(int writer) {
        Connection c = null;
        while (!stop.get()) {
            long id = nextId.incrementAndGet();
            long started = System.nanoTime();
            try {
                if (c == null) {
                    c = fixture.connect("connectTimeout=2000&socketTimeout=30000");
                }
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("INSERT INTO ledger.entries VALUES (" + id + ", " + writer + ")");
                }
                acknowledged.add(id);
                if (stoppedPid != null && started - writesFrom.get() >= 0) {
                    firstWrite.compareAndSet(0, System.nanoTime());
                }
            } catch (SQLException e) {
                // a write that may have reached a server is not retried: a new id, and maybe a new connection
                RootQueries.closeQuietly(c);
                c = null;
            }
        }
        RootQueries.closeQuietly(c);
    }

    private List<JournalEvent> journal(String type) {
        return new ClusterJournal(fixture.zooKeeper, fixture.sandbox.spec().cluster()).readSince(-1).stream()
                .map(e -> e.event()).filter(e -> e.type().equals(type)).toList();
    }

    private static String single(ServerProcess server, String sql) throws SQLException {
        try (Connection c = server.rootConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).as("a row from " + sql).isTrue();
            return rs.getString(1);
        }
    }

    private static long checksum(ServerProcess server) throws SQLException {
        try (Connection c = server.rootConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("CHECKSUM TABLE ledger.entries")) {
            assertThat(rs.next()).isTrue();
            return rs.getLong("Checksum");
        }
    }

    private static boolean superReadOnly(ServerProcess server) throws SQLException {
        return single(server, "SELECT @@super_read_only").equals("1");
    }

}
