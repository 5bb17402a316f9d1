package io.tandem.app;

import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.instance.ReplicaStatus;
import io.tandem.topology.instance.ReplicaStatus.IoThread;
import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.topology.json.TandemJson;
import io.tandem.topology.lag.LagSample;
import io.tandem.topology.lag.LagStore;
import io.tandem.topology.observer.ObserverStore;
import io.tandem.topology.observer.ObserverReport;
import io.tandem.topology.observer.ObserverKind;
import io.tandem.topology.store.ClusterJournal;
import io.tandem.topology.store.ClusterViewStore;
import io.tandem.topology.store.JournalEvent;
import io.tandem.topology.request.RequestEntry;
import io.tandem.topology.request.RequestOutcome;
import io.tandem.topology.request.RequestStore;
import io.tandem.topology.request.RequestType;
import io.tandem.topology.store.TandemPaths;
import io.tandem.topology.store.ZooKeeperConnector;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.Member;
import io.tandem.topology.view.MemberState;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TandemCliTest {

    private static final String UUID = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final int USAGE = 2;

    private static TestingServer zooKeeper;

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        zooKeeper = new TestingServer(true);
    }

    @AfterAll
    static void stopZooKeeper() throws IOException {
        zooKeeper.close();
    }

    @BeforeEach
    void captureOutput() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreOutput() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void printsTheVersion() {
        assertThat(TandemCli.run("--version")).isZero();

        assertThat(out()).startsWith("tandem ").contains("Java " + Runtime.version());
    }

    @Test
    void printsUsageWithoutACommand() {
        assertThat(TandemCli.run(new String[0])).isZero();

        assertThat(out()).startsWith("Usage: tandem").contains("sandbox").contains("status");
    }

    @Test
    void theOrchestratorRunsTheBinlogMonitorUnlessToldNot() {
        assertThat(TandemCli.run("orchestrator", "--help")).isZero();

        assertThat(out()).contains("--[no-]binlog-monitor").contains("Default: on").contains("--metrics-port");
    }

    @Test
    void explainRouteSendsAReadToAReplicaAndALockingReadToThePrimary() {
        assertThat(TandemCli.run("explain-route", "SELECT name FROM shop.items WHERE id = 7")).isZero();
        assertThat(out()).contains("route:  replica").contains("reason: read (a query that only reads)")
                .contains("tables: shop.items").contains("maxLagMs (1000 ms)");

        out.reset();
        assertThat(TandemCli.run("explain-route", "SELECT name FROM items WHERE id = 7 FOR UPDATE")).isZero();
        assertThat(out()).contains("route:  primary").contains("reason: locking_read");

        out.reset();
        assertThat(TandemCli.run("explain-route", "--autocommit-off", "SELECT 1")).isZero();
        assertThat(out()).contains("route:  primary").contains("reason: autocommit_off")
                .contains("could run on a replica");

        out.reset();
        assertThat(TandemCli.run("explain-route", "--sql-mode", "ANSI_QUOTES",
                "SELECT \"FOR UPDATE\" FROM t")).isZero();
        assertThat(out()).as("a quoted name under ANSI_QUOTES, not a lock").contains("route:  replica");

        out.reset();
        assertThat(TandemCli.run("explain-route", "/* tandem:replica */ INSERT INTO t VALUES (1)")).isZero();
        assertThat(out()).contains("route:  primary").contains("reason: write");
    }

    @Test
    void explainRouteNeedsAStatement() {
        assertThat(TandemCli.run("explain-route")).isEqualTo(USAGE);
        assertThat(err()).contains("SQL");
    }

    @Test
    void rejectsAnUnknownFlavorListingTheKnownOnes() {
        assertThat(TandemCli.run("sandbox", "--flavor", "oracle")).isEqualTo(USAGE);

        assertThat(err()).contains("--flavor").contains("oracle").contains("MYSQL").contains("MARIADB");
        assertThat(out()).isEmpty();
    }

    @Test
    void rejectsTooManyReplicasBeforeStartingAnything() {
        assertThat(TandemCli.run("sandbox", "--replicas", "42", "--dir", tmp.resolve("sb").toString()))
                .isEqualTo(USAGE);

        assertThat(errLines()).containsExactly("tandem sandbox: --replicas must be between 0 and 9, got 42");
        assertThat(out()).isEmpty();
        assertThat(tmp.resolve("sb")).doesNotExist();
    }

    @Test
    void rejectsAZooKeeperPortAmongTheServerPorts() {
        assertThat(TandemCli.run("sandbox", "--base-port", "40000", "--zk-port", "40001")).isEqualTo(USAGE);

        assertThat(errLines()).containsExactly(
                "tandem sandbox: --zk-port 40001 collides with the server ports 40000-40002");
    }

    @Test
    void statusNamesAnUnreachableZooKeeperWithinTheConnectTimeout() throws IOException {
        String connect = "127.0.0.1:" + closedPort();
        long started = System.nanoTime();

        int code = TandemCli.run("status", "--zk", connect);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(code).isEqualTo(USAGE);
        assertThat(errLines()).containsExactly("tandem status: cannot reach ZooKeeper at " + connect
                + " within 5000 ms: check the connect string and that ZooKeeper is up");
        assertThat(out()).isEmpty();
    }

    @Test
    void statusNamesAMissingConfigFile() {
        Path missing = tmp.resolve("missing.yaml");

        assertThat(TandemCli.run("status", "--config", missing.toString())).isEqualTo(USAGE);

        assertThat(errLines()).singleElement().asString().startsWith("tandem status: " + missing + ": no such file");
    }

    @Test
    void statusTakesEitherAConfigFileOrAConnectString() {
        assertThat(TandemCli.run("status", "--config", "tandem.yaml", "--zk", "zk1:2181")).isEqualTo(USAGE);

        assertThat(err()).contains("--config").contains("--zk").contains("mutually exclusive");
        assertThat(out()).isEmpty();
    }

    @Test
    void statusPrintsTheStoredViewTheLagAndTheLastRecoveryAsJson() {
        ClusterView view = publish(view("json"));
        LagSample sample = new LagSample(new InstanceKey("127.0.0.1", 23307), 340, 2, 12L,
                Instant.parse("2026-01-02T03:04:05.500Z"));
        publishLagAndRecovery("json", sample);

        assertThat(TandemCli.run("status", "--zk", zooKeeper.getConnectString(), "--cluster", "json", "--json"))
                .isZero();

        JsonNode status = TandemJson.decode(out.toByteArray(), JsonNode.class);
        assertThat(TandemJson.decode(TandemJson.encode(status.get("view")), ClusterView.class)).isEqualTo(view);
        assertThat(TandemJson.decode(TandemJson.encode(status.get("lag").get(0)), LagSample.class))
                .isEqualTo(sample);
        JsonNode recovery = status.get("lastRecovery");
        assertThat(recovery.get("id").asText()).isEqualTo("rec-1");
        assertThat(recovery.get("outcome").asText()).isEqualTo("RESOLVED");
        assertThat(recovery.get("elapsedMillis").asLong()).isEqualTo(812);
        assertThat(recovery.get("newPrimary").asText()).isEqualTo("127.0.0.1:23307");
    }

    @Test
    void statusPrintsTheViewAsATable() {
        publish(view("table"));

        assertThat(TandemCli.run("status", "--zk", zooKeeper.getConnectString(), "--cluster", "table")).isZero();

        List<String> lines = out().lines().toList();
        assertThat(lines.get(0)).startsWith("cluster table   epoch 4   MYSQL   no failover in progress   observed "
                + "2026-01-02T03:04:05.123Z (");
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .matches("primary +127\\.0\\.0\\.1:23306 +ONLINE +1 +no +- +- +- +- +- +" + UUID + ":1-42"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("replica ").contains("127.0.0.1:23307")
                .contains(" (no sample) "));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("no recovery journaled");
    }

    @Test
    void statusTableShowsEachReplicasLagAndTheLastRecovery() {
        publish(view("lagged"));
        publishLagAndRecovery("lagged", new LagSample(new InstanceKey("127.0.0.1", 23307), 340, 2, 12L,
                Instant.parse("2026-01-02T03:04:05.500Z")));

        assertThat(TandemCli.run("status", "--zk", zooKeeper.getConnectString(), "--cluster", "lagged")).isZero();

        List<String> lines = out().lines().toList();
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("replica ").contains(" 340 ms/2 tx "));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("last recovery rec-1 RESOLVED at 2026-01-02T03:05:00Z"
                + " after 812 ms, new primary 127.0.0.1:23307");
    }

    @Test
    void checkIsUnknownWhenZooKeeperCannotBeRead() throws IOException {
        String connect = "127.0.0.1:" + closedPort();

        assertThat(TandemCli.run("check", "--zk", connect)).isEqualTo(3);

        assertThat(out().strip()).isEqualTo("TANDEM UNKNOWN - cluster 'sandbox': cannot reach ZooKeeper at " + connect
                + " within 5000 ms: check the connect string and that ZooKeeper is up");
    }

    @Test
    void checkJudgesWhatZooKeeperHolds() {
        publish(view("checked"));
        String zk = zooKeeper.getConnectString();

        // its only replica is LAGGING: nothing could be promoted, which outranks not knowing the primary's health
        assertThat(TandemCli.run("check", "--zk", zk, "--cluster", "checked")).as("no observer yet").isEqualTo(2);
        assertThat(out()).startsWith("TANDEM CRITICAL - primary health unknown: no observer reported in the last 10 s")
                .contains("no replica online: nothing to fail over to");

        out.reset();
        try (CuratorFramework client = ZooKeeperConnector.connect(zk, Duration.ofSeconds(15), Duration.ofSeconds(5));
             var proxy = new ObserverStore(client, new TandemPaths("checked")).register("proxy-1",
                     ObserverKind.PROXY)) {
            new LagStore(client, new TandemPaths("checked")).publish(new LagSample(
                    new InstanceKey("127.0.0.1", 23307), 2_400, 3, 2L, Instant.now()));
            proxy.publish(new ObserverReport("proxy-1", ObserverKind.PROXY, Instant.now(), List.of(
                    new ObserverReport.Entry(new InstanceKey("127.0.0.1", 23306), true, Instant.now(), null, false))));

            assertThat(TandemCli.run("check", "--zk", zk, "--cluster", "checked", "-w", "2000", "-c", "3000"))
                    .isEqualTo(2);
        }
        assertThat(out().strip()).isEqualTo("TANDEM CRITICAL - replica 127.0.0.1:23307 LAGGING; no replica online:"
                + " nothing to fail over to; replica 127.0.0.1:23307 2400 ms behind; primary 127.0.0.1:23306 epoch 4,"
                + " 0/1 replicas online, max lag 2400 ms | epoch=4 replicas_online=0;;;0;1 replicas_maintenance=0"
                + " max_lag_ms=2400;2000;3000;0");
    }

    @Test
    void checkRefusesThresholdsInTheWrongOrderAsUnknown() {
        assertThat(TandemCli.run("check", "-w", "5000", "-c", "1000")).isEqualTo(3);

        assertThat(out().strip()).isEqualTo("TANDEM UNKNOWN - --lag-warning-ms (5000) must be at least 0 and below"
                + " --lag-critical-ms (1000)");
    }

    @Test
    void anOperatorRequestNoOrchestratorAnswersIsWithdrawnAndChangesNothing() {
        publish(view("unled"));

        assertThat(TandemCli.run("maintenance", "on", "127.0.0.1:23307", "--zk", zooKeeper.getConnectString(),
                "--cluster", "unled", "--timeout", "1")).isEqualTo(2);

        assertThat(errLines()).containsExactly("tandem maintenance: no orchestrator of cluster 'unled' answered within"
                + " 1 s (is one running and leading?); the request was withdrawn, nothing was changed");
        try (CuratorFramework client = ZooKeeperConnector.connect(zooKeeper.getConnectString(),
                Duration.ofSeconds(15), Duration.ofSeconds(5))) {
            assertThat(new RequestStore(client, "unled").all()).isEmpty();
        }
    }

    @Test
    void anOperatorRequestPrintsTheLeadersAnswerAndExitsByIt() throws Exception {
        try (CuratorFramework client = ZooKeeperConnector.connect(zooKeeper.getConnectString(),
                Duration.ofSeconds(15), Duration.ofSeconds(5))) {
            RequestStore requests = new RequestStore(client, "answered");
            // a stand-in leader: refuses maintenance, does the rest, and records who asked
            List<String> askers = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread leader = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    for (RequestEntry entry : requests.pending()) {
                        askers.add(entry.request().requestedBy());
                        boolean refuse = entry.request().type() == RequestType.MAINTENANCE;
                        requests.answer(entry, new RequestOutcome(!refuse, refuse ? "127.0.0.1:23306 is the primary"
                                : "automatic failover is off", "orch-9", Instant.now()));
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
                }
            });
            leader.start();
            try {
                assertThat(TandemCli.run("auto-failover", "off", "--zk", zooKeeper.getConnectString(), "--cluster",
                        "answered")).isZero();
                assertThat(out().strip()).isEqualTo("automatic failover is off");
                assertThat(TandemCli.run("maintenance", "ON", "127.0.0.1:23306", "--zk", zooKeeper.getConnectString(),
                        "--cluster", "answered")).isEqualTo(1);
                assertThat(errLines()).containsExactly("tandem maintenance: refused by orch-9: 127.0.0.1:23306 is the"
                        + " primary");
            } finally {
                leader.interrupt();
                leader.join();
            }
            assertThat(askers).hasSize(2).allSatisfy(asker -> assertThat(asker)
                    .startsWith(System.getProperty("user.name") + "@"));
        }
    }

    @Test
    void maintenanceNamesAnInstanceThatIsNotHostAndPort() {
        assertThat(TandemCli.run("maintenance", "on", "db2", "--timeout", "1")).isEqualTo(USAGE);

        assertThat(errLines()).singleElement().asString().startsWith("tandem maintenance: 'db2' is not HOST:PORT");
    }

    @Test
    void statusReadsZooKeeperAndClusterFromAConfigFile() throws IOException {
        publish(view("configured"));
        Path config = Files.writeString(tmp.resolve("tandem.yaml"), """
                cluster: configured
                zookeeper:
                  connect: %s
                seeds:
                  - 127.0.0.1:23306
                credentials:
                  orchestrator:
                    user: tandem
                    password: secret
                """.formatted(zooKeeper.getConnectString()));

        assertThat(TandemCli.run("status", "--config", config.toString(), "--json")).isZero();

        assertThat(TandemJson.decode(out.toByteArray(), JsonNode.class).get("view").get("cluster").asText())
                .isEqualTo("configured");
    }

    @Test
    void statusNamesTheClusterAndPathOfAMissingView() {
        String connect = zooKeeper.getConnectString();

        assertThat(TandemCli.run("status", "--zk", connect, "--cluster", "absent")).isEqualTo(USAGE);

        assertThat(errLines()).singleElement().asString()
                .startsWith("tandem status: no view of cluster 'absent' in ZooKeeper at " + connect
                        + " (/tandem/absent/view): ");
        assertThat(out()).isEmpty();
    }

    @Test
    void statusRejectsAClusterNameThatIsNoPathSegment() {
        assertThat(TandemCli.run("status", "--zk", zooKeeper.getConnectString(), "--cluster", "a/b"))
                .isEqualTo(USAGE);

        assertThat(errLines()).singleElement().asString().startsWith("tandem status: cluster name 'a/b' must be");
    }

    private static ClusterView publish(ClusterView view) {
        try (CuratorFramework client = ZooKeeperConnector.connect(zooKeeper.getConnectString(),
                Duration.ofSeconds(15), Duration.ofSeconds(5))) {
            return new ClusterViewStore(client, view.cluster()).create(view).view();
        }
    }

    private static void publishLagAndRecovery(String cluster, LagSample sample) {
        try (CuratorFramework client = ZooKeeperConnector.connect(zooKeeper.getConnectString(),
                Duration.ofSeconds(15), Duration.ofSeconds(5))) {
            new LagStore(client, new TandemPaths(cluster)).publish(sample);
            ClusterJournal journal = new ClusterJournal(client, cluster);
            JournalEvent resolved = new JournalEvent(Instant.parse("2026-01-02T03:05:00Z"), "RECOVERY_RESOLVED",
                    "orch-1", "primary 127.0.0.1:23307 serves epoch 5 after 812 ms", Map.of("recovery", "rec-1",
                    "state", "RESOLVED", "elapsedMs", "812", "primary", "127.0.0.1:23307"));
            journal.append(resolved);
            io.tandem.failover.recovery.RecoveryHistory.finished(journal.marks(), resolved);
            journal.append(new JournalEvent(Instant.parse("2026-01-02T03:06:00Z"), "SANDBOX_STARTED", "sandbox",
                    "not a recovery", Map.of()));
        }
    }

    private static ClusterView view(String cluster) {
        GtidSet gtids = GtidSet.parse(UUID + ":1-42");
        InstanceKey primary = new InstanceKey("127.0.0.1", 23306);
        Member primaryMember = new Member(MemberState.ONLINE, new Instance(primary, Flavor.MYSQL, "8.0.31", 1,
                UUID, false, false, gtids, true, "ROW", true), null);
        Member replica = new Member(MemberState.LAGGING, new Instance(new InstanceKey("127.0.0.1", 23307),
                Flavor.MYSQL, "8.0.31", 2, "4e11fa47-71ca-11e1-9e33-c80aa9429562", true, true,
                GtidSet.parse(UUID + ":1-40"), true, "ROW", true),
                new ReplicaStatus(primary, IoThread.RUNNING, true, null, null, gtids, GtidSet.parse(UUID + ":1-40"),
                        12L, true));
        return new ClusterView(cluster, 4, Flavor.MYSQL, primaryMember, List.of(replica), false,
                Instant.parse("2026-01-02T03:04:05.123Z"));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** What the command itself said on stderr, without log lines. */
    private List<String> errLines() {
        return err().lines().filter(line -> line.startsWith("tandem ")).toList();
    }
}
