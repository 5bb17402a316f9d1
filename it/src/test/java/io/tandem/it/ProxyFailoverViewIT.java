package io.tandem.it;

import io.tandem.sandbox.ServerProcess;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.Member;
import io.tandem.topology.view.MemberState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.tandem.it.RoutingFixture.intOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The proxy following the cluster view as an orchestrator would write it, before any orchestrator exists: a replica
 * killed under read load (the view still calls it ONLINE: the proxy must notice alone), a failover marked in
 * progress (writes held, reads flowing, writes released when cleared, refused after the hold bound), a new
 * primary under a new epoch (writes move there at once), and ZooKeeper gone (the last view keeps serving). Only the
 * test writes views here.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxyFailoverViewIT {

    private static final Duration WRITE_HOLD = Duration.ofSeconds(2);
    private static RoutingFixture fixture;
    /** Threads of its own: the common pool has one thread on a 2-core machine, and earlier tests may hold it. */
    private static final ExecutorService CLIENTS = Executors.newFixedThreadPool(6);

    @BeforeAll
    static void start() throws Exception {
        fixture = RoutingFixture.start(2, false, settings -> settings.withRouting(
                settings.routing().withWriteHold(WRITE_HOLD)));
        RoutingFixture.execute(fixture.sandbox.primary(), "CREATE DATABASE failover",
                "CREATE TABLE failover.t (id INT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(40))");
        fixture.sandbox.awaitReplicasCaughtUp();
    }

    @AfterAll
    static void stop() {
        CLIENTS.shutdownNow();
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    @Order(1)
    void aReplicaKilledUnderReadLoadLosesItsReadsToTheOthersWithoutAClientError() throws Exception {
        ServerProcess victim = fixture.sandbox.replicas().get(1);
        int victimPort = victim.layout().key().port();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        Set<Integer> afterKill = ConcurrentHashMap.newKeySet();
        Set<Integer> beforeKill = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Integer>> readers = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            readers.add(CompletableFuture.supplyAsync(() -> {
                int reads = 0;
                try (Connection c = fixture.connect(""); Statement st = c.createStatement()) {
                    while (running.get()) {
                        boolean after = killed.get();
                        int port = intOf(st, "SELECT @@port, SLEEP(0.001)");
                        (after ? afterKill : beforeKill).add(port);
                        reads++;
                    }
                } catch (SQLException | RuntimeException e) {
                    errors.add(e);
                }
                return reads;
            }, CLIENTS));
        }
        Await.until("reads on both replicas", Duration.ofSeconds(20), () -> {
            if (!errors.isEmpty()) {
                throw new AssertionError("a reader failed before the kill", errors.get(0));
            }
            return beforeKill;
        }, seen -> seen.containsAll(fixture.replicaPorts()));
        victim.kill();
        killed.set(true);
        TimeUnit.SECONDS.sleep(3); // the load itself is the test: it runs on for a while after the kill
        running.set(false);
        int reads = 0;
        for (CompletableFuture<Integer> reader : readers) {
            reads += reader.get(30, TimeUnit.SECONDS);
        }
        assertThat(errors).as("client errors").isEmpty();
        assertThat(reads).isGreaterThan(100);
        assertThat(afterKill).doesNotContain(victimPort).contains(fixture.replicaPorts().get(0));
    }

    @Test
    @Order(2)
    void aFailoverInProgressHoldsWritesKeepsReadsFlowingAndReleasesWritesWhenCleared() throws Exception {
        int replica = fixture.replicaPorts().get(0);
        fixture.publish(view -> withFailover(view, true));
        Await.until("the proxy sees the failover", Duration.ofSeconds(5), () -> fixture.targets.failoverInProgress(),
                seen -> seen);
        try (Connection writer = fixture.connect(""); Connection reader = fixture.connect("");
             Statement writes = writer.createStatement(); Statement reads = reader.createStatement()) {
            CompletableFuture<Integer> write = CompletableFuture.supplyAsync(() -> {
                try {
                    return writes.executeUpdate("INSERT INTO failover.t (v) VALUES ('held')");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, CLIENTS);
            long heldSince = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                assertThat(intOf(reads, "SELECT @@port")).as("reads flow from the live replica").isEqualTo(replica);
            }
            Await.until("the write held for 500 ms", Duration.ofSeconds(1), () -> System.nanoTime() - heldSince,
                    nanos -> nanos > TimeUnit.MILLISECONDS.toNanos(500));
            assertThat(write).as("the write waits for the failover").isNotDone();
            long cleared = System.nanoTime();
            fixture.publish(view -> withFailover(view, false));
            assertThat(write.get(5, TimeUnit.SECONDS)).isEqualTo(1);
            long releaseMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cleared);
            System.out.println("held write released " + releaseMillis + " ms after the view was cleared");
            assertThat(releaseMillis).isLessThan(1_000);
        }
    }

    @Test
    @Order(3)
    void aWriteHeldLongerThanTheBoundIsRefusedAndNotExecuted() throws Exception {
        fixture.publish(view -> withFailover(view, true));
        Await.until("the proxy sees the failover", Duration.ofSeconds(5), () -> fixture.targets.failoverInProgress(),
                seen -> seen);
        try (Connection c = fixture.connect(""); Statement st = c.createStatement()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> st.executeUpdate("INSERT INTO failover.t (v) VALUES ('refused')"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1290);
                        assertThat(e.getMessage()).contains("failover is in progress").contains("not executed");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(WRITE_HOLD.minusMillis(100),
                    WRITE_HOLD.plusSeconds(3));
        } finally {
            fixture.publish(view -> withFailover(view, false));
        }
        try (Connection c = fixture.sandbox.primary().rootConnection(); Statement st = c.createStatement()) {
            assertThat(intOf(st, "SELECT COUNT(*) FROM failover.t WHERE v = 'refused'")).isZero();
        }
    }

    @Test
    @Order(4)
    void aNewPrimaryUnderANewEpochTakesTheWritesAtOnce() throws Exception {
        ServerProcess promoted = fixture.sandbox.replicas().get(0);
        int promotedPort = promoted.layout().key().port();
        awaitCaughtUp(promoted);
        try (Connection c = fixture.connect(""); Statement st = c.createStatement()) {
            assertThat(intOf(st, "/* tandem:primary */ SELECT @@port")).isEqualTo(fixture.primaryPort());
            // what a recovery does before it publishes: the old primary fenced, the replica made a writable primary
            // (from here the proxy sees the view's primary read-only and would hold writes, until the new view)
            RoutingFixture.execute(fixture.sandbox.primary(), "SET GLOBAL super_read_only = ON");
            RoutingFixture.execute(promoted, "STOP REPLICA", "RESET REPLICA ALL", "SET GLOBAL super_read_only = OFF",
                    "SET GLOBAL read_only = OFF");
            ClusterView before = fixture.view().view();
            fixture.publish(view -> promote(view, promotedPort));
            long published = System.nanoTime();
            Await.until("writes routed to the new primary", Duration.ofSeconds(5),
                    () -> intOf(st, "/* tandem:primary */ SELECT @@port"), port -> port == promotedPort);
            long movedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - published);
            System.out.println("writes moved to the new primary " + movedMillis + " ms after the view was written"
                    + " (epoch " + before.epoch() + " -> " + fixture.targets.epoch() + ")");
            assertThat(movedMillis).isLessThan(100);
            assertThat(st.executeUpdate("INSERT INTO failover.t (v) VALUES ('on the new primary')")).isEqualTo(1);
        }
        try (Connection c = promoted.rootConnection(); Statement st = c.createStatement()) {
            assertThat(intOf(st, "SELECT COUNT(*) FROM failover.t WHERE v = 'on the new primary'")).isEqualTo(1);
        }
        try (Connection c = fixture.sandbox.primary().rootConnection(); Statement st = c.createStatement()) {
            assertThat(intOf(st, "SELECT COUNT(*) FROM failover.t WHERE v = 'on the new primary'")).isZero();
        }
    }

    @Test
    @Order(5)
    void withoutZooKeeperTheProxyKeepsServingWithTheLastView() throws Exception {
        int primary = fixture.targets.primary().orElseThrow().port();
        fixture.zooKeeper.close();
        try (Connection c = fixture.connect(""); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("INSERT INTO failover.t (v) VALUES ('without ZooKeeper')")).isEqualTo(1);
            assertThat(intOf(st, "/* tandem:primary */ SELECT @@port")).isEqualTo(primary);
            assertThat(intOf(st, "SELECT COUNT(*) FROM failover.t WHERE v = 'without ZooKeeper'")).isEqualTo(1);
        }
    }

    /** One replica caught up with the primary (the other one is dead by now). */
    private static void awaitCaughtUp(ServerProcess replica) throws SQLException {
        String executed;
        try (Connection c = fixture.sandbox.primary().rootConnection(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT @@global.gtid_executed")) {
            rs.next();
            executed = rs.getString(1);
        }
        try (Connection c = replica.rootConnection(); Statement st = c.createStatement()) {
            assertThat(intOf(st, "SELECT WAIT_FOR_EXECUTED_GTID_SET('" + executed + "', 10)")).isZero();
        }
    }

    private static ClusterView withFailover(ClusterView view, boolean inProgress) {
        return new ClusterView(view.cluster(), view.epoch(), view.flavor(), view.primary(), view.replicas(),
                inProgress, Instant.now());
    }

    /** The replica on {@code port} becomes the primary under the next epoch; the old primary is fenced. */
    private static ClusterView promote(ClusterView view, int port) {
        Member chosen = view.replicas().stream().filter(m -> m.key().port() == port).findFirst().orElseThrow();
        List<Member> replicas = new ArrayList<>();
        replicas.add(view.primary().withState(MemberState.FENCED));
        view.replicas().stream().filter(m -> m != chosen).forEach(replicas::add);
        Set<Integer> unique = new HashSet<>();
        replicas.forEach(m -> unique.add(m.key().port()));
        assertThat(unique).hasSize(replicas.size());
        return new ClusterView(view.cluster(), view.epoch() + 1, view.flavor(),
                new Member(MemberState.ONLINE, chosen.instance(), null), replicas, false, Instant.now());
    }
}
