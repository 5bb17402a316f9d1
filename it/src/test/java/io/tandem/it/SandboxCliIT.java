package io.tandem.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.tandem.topology.json.TandemJson;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.Member;
import io.tandem.topology.view.MemberState;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the README promises, as a user runs it: {@code tandem sandbox} in one terminal, {@code tandem status} and a
 * client through the proxy in another, then Ctrl-C, which leaves no server and no folder behind.
 */
class SandboxCliIT {

    private static final int BASE_PORT = 24806;
    private static final int ZOOKEEPER_PORT = 24881;
    private static final int PROXY_PORT = 24833;
    private static final int METRICS_PORT = 24834;

    @Test
    void sandboxServesStatusAndCtrlCStopsEverything() throws Exception {
        Path dir = SandboxFixture.folder("cli");
        try (CliProcess sandbox = CliProcess.start("sandbox", "--dir", dir.toString(),
                "--base-port", "" + BASE_PORT, "--zk-port", "" + ZOOKEEPER_PORT, "--proxy-port", "" + PROXY_PORT, "--metrics-port", "" + METRICS_PORT)) {
            sandbox.awaitLine("Press Ctrl-C", Duration.ofMinutes(3));
            assertThat(sandbox.output()).contains("1 primary + 2 replicas", "epoch 1");
            assertThat(Processes.serversIn(dir)).hasSize(3);

            // the binlog monitor beside the orchestrator publishes each replica's lag once its engine streams
            JsonNode status = Await.until("status --json with both replicas' lag", Duration.ofSeconds(60), () -> {
                CliProcess.Result json = CliProcess.run(Duration.ofSeconds(60), "status", "--json",
                        "--zk", "127.0.0.1:" + ZOOKEEPER_PORT);
                assertThat(json.exitCode()).as(json.stderr()).isZero();
                return TandemJson.decode(json.stdout().getBytes(StandardCharsets.UTF_8), JsonNode.class);
            }, s -> s.get("lag").size() == 2);
            // the monitor's heartbeat commits every 250 ms, so a replica may be caught mid-apply: bounded, not zero
            assertThat(status.get("lag")).allSatisfy(lag -> assertThat(lag.get("lagMillis").asLong())
                    .isLessThan(1_000));
            assertThat(status.get("lastRecovery").isNull()).isTrue();
            ClusterView view = TandemJson.decode(TandemJson.encode(status.get("view")), ClusterView.class);
            assertThat(view.epoch()).isEqualTo(1);
            assertThat(view.primaryKey().port()).isEqualTo(BASE_PORT);
            assertThat(view.replicas()).hasSize(2).allSatisfy(replica -> {
                assertThat(replica.state()).isEqualTo(MemberState.ONLINE);
                assertThat(replica.replication().replicating()).isTrue();
                assertThat(replica.replication().secondsBehindSource()).isLessThanOrEqualTo(1L);
                // caught up is the lag's business above: heartbeats make the two reads of GTID sets race
                assertThat(replica.instance().gtidExecuted().isEmpty()).isFalse();
            });

            CliProcess.Result table = CliProcess.run(Duration.ofSeconds(60), "status",
                    "--zk", "127.0.0.1:" + ZOOKEEPER_PORT);
            assertThat(table.exitCode()).isZero();
            assertThat(table.stdout()).contains("epoch 1").contains("primary  127.0.0.1:" + BASE_PORT)
                    .containsPattern(" \\d+ ms/\\d+ tx ").contains("no recovery journaled");
            for (Member replica : view.replicas()) {
                assertThat(table.stdout()).contains("replica  " + replica.key());
            }

            try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + PROXY_PORT
                    + "/?sslMode=REQUIRED", "app", "app"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("/* tandem:primary */ SELECT @@port")) {
                rs.next();
                assertThat(rs.getInt(1)).as("a statement hinted to the primary goes there").isEqualTo(BASE_PORT);
            }
            try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + PROXY_PORT + "/", "app", "app");
                 Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@port")) {
                rs.next();
                assertThat(rs.getInt(1)).as("a read goes to a replica").isIn(view.replicas().stream()
                        .map(m -> m.key().port()).toList());
            }
            String metrics = new String(java.net.URI.create("http://127.0.0.1:" + METRICS_PORT + "/metrics").toURL().openStream()
                    .readAllBytes(), StandardCharsets.UTF_8);
            assertThat(metrics).contains("tandem_proxy_commands_seconds_count{command=\"query\"}")
                    .contains("tandem_proxy_queries_total{reason=\"read\",route=\"replica\"}")
                    .contains("tandem_proxy_queries_total{reason=\"hint_primary\",route=\"primary\"}")
                    .contains("tandem_lag_ms_milliseconds{instance=");

            sandbox.signalAndWait("INT", Duration.ofSeconds(90));
            assertThat(Processes.serversIn(dir)).as("servers left after Ctrl-C").isEmpty();
            assertThat(Files.exists(dir)).as("sandbox folder left after Ctrl-C").isFalse();
        }
    }
}
