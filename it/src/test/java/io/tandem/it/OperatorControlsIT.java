package io.tandem.it;

import io.tandem.app.TandemCli;
import io.tandem.failover.orchestrator.OrchestratorAssembly;
import io.tandem.failover.recovery.RecoveryOutcome;
import io.tandem.failover.recovery.Salvager;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.store.ClusterJournal;
import io.tandem.topology.store.VersionedView;
import io.tandem.topology.view.MemberState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator controls end to end, as a DBA runs them: {@code tandem maintenance} takes a replica out of the reads
 * the proxy routes (and back), {@code tandem auto-failover off} leaves a dead primary reported but not failed over
 * until it is switched on again; each request is executed by the leading orchestrator and answered to the CLI.
 */
class OperatorControlsIT {

    private RoutingFixture fixture;
    private OrchestratorAssembly orchestrator;
    private final List<RecoveryOutcome> outcomes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        fixture = RoutingFixture.start(2, true, s -> s);
        orchestrator = SandboxOrchestrator.start(fixture, Optional.<Salvager>empty(), outcomes::add);
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

    private int tandem(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--zk";
        all[args.length + 1] = fixture.sandbox.zooKeeperConnectString();
        all[args.length + 2] = "--cluster";
        all[args.length + 3] = fixture.sandbox.spec().cluster();
        return TandemCli.run(all);
    }

    /** The ports that served {@code reads} autocommit reads through the proxy. */
    private Set<Integer> readPorts(int reads) throws SQLException {
        Set<Integer> ports = new HashSet<>();
        try (Connection c = fixture.connect(""); Statement st = c.createStatement()) {
            for (int i = 0; i < reads; i++) {
                ports.add(RoutingFixture.intOf(st, "SELECT @@port"));
            }
        }
        return ports;
    }

    @Test
    void aReplicaInMaintenanceServesNoReadsUntilItIsTakenOut() throws Exception {
        InstanceKey replica = fixture.sandbox.replicas().get(0).layout().key();
        Await.until("reads on both replicas", Duration.ofSeconds(20), () -> readPorts(40),
                ports -> ports.contains(replica.port()));

        assertThat(tandem("maintenance", "on", replica.toString())).isZero();

        assertThat(fixture.view().view().member(replica).orElseThrow().state()).isEqualTo(MemberState.MAINTENANCE);
        Await.until("the proxy to stop reading from " + replica, Duration.ofSeconds(10), () -> readPorts(1),
                ports -> !ports.contains(replica.port()));
        assertThat(readPorts(100)).as("ports that served reads").doesNotContain(replica.port());
        assertThat(tandem("maintenance", "on", fixture.view().view().primaryKey().toString()))
                .as("the primary cannot be put in maintenance").isEqualTo(1);
        assertThat(journalTypes()).contains("REQUEST_DONE", "REQUEST_REFUSED");

        assertThat(tandem("maintenance", "off", replica.toString())).isZero();

        Await.until("reads on " + replica + " again", Duration.ofSeconds(20), () -> readPorts(40),
                ports -> ports.contains(replica.port()));
    }

    @Test
    void withAutomaticFailoverOffADeadPrimaryIsReportedAndFailedOverOnlyOnceSwitchedOn() throws Exception {
        VersionedView before = fixture.view();
        assertThat(tandem("auto-failover", "off")).isZero();

        fixture.sandbox.primary().kill();

        Await.until("the dead primary reported as not failed over", Duration.ofSeconds(20), this::journalTypes,
                types -> types.contains("FAILOVER_SUPPRESSED"));
        assertThat(fixture.view().view().epoch()).as("no failover").isEqualTo(before.view().epoch());
        assertThat(outcomes).isEmpty();

        assertThat(tandem("auto-failover", "on")).isZero();

        VersionedView after = fixture.awaitNewPrimary(before, Duration.ofSeconds(20));
        assertThat(after.view().primaryKey()).isNotEqualTo(before.view().primaryKey());
        Await.until("the recovery's outcome", Duration.ofSeconds(10), () -> List.copyOf(outcomes),
                done -> done.stream().anyMatch(RecoveryOutcome::resolved));
    }

    /** What a tandem command printed on standard output, and its exit code first. */
    private String output(String... args) {
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream before = System.out;
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        int code;
        try {
            code = tandem(args);
        } finally {
            System.setOut(before);
        }
        return code + "\n" + captured.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void dryRunsSayWhatWouldHappenAndWhyWithoutChangingAnything() throws Exception {
        VersionedView before = fixture.view();
        InstanceKey primary = before.view().primaryKey();
        InstanceKey resting = fixture.sandbox.replicas().get(0).layout().key();
        InstanceKey other = fixture.sandbox.replicas().get(1).layout().key();
        assertThat(tandem("maintenance", "on", resting.toString())).isZero();

        String failover = output("failover", "--dry-run");
        String switchover = output("switchover", "--dry-run", "--json");

        // the log, which also writes to standard output, may come in between: the plan is looked for, not placed
        assertThat(failover).startsWith("0\n").contains("failover plan for primary " + primary
                        + ": it would not run now")
                .contains("promote " + other + ": most advanced of 1 eligible")
                .contains("not " + resting + ": state MAINTENANCE")
                .contains("stopped by: the primary " + primary + " answers: no failover while it lives");
        assertThat(switchover).startsWith("0\n");
        String json = switchover.substring(switchover.indexOf("{\n"), switchover.lastIndexOf('}') + 1);
        var plan = io.tandem.topology.json.TandemJson.decode(json.getBytes(
                java.nio.charset.StandardCharsets.UTF_8), com.fasterxml.jackson.databind.JsonNode.class);
        assertThat(plan.get("kind").asText()).isEqualTo("SWITCHOVER");
        assertThat(plan.get("candidate").asText()).isEqualTo(other.toString());
        assertThat(plan.get("blockedBy")).isEmpty();
        assertThat(fixture.view().view().epoch()).as("nothing changed").isEqualTo(before.view().epoch());
        assertThat(fixture.view().view().primaryKey()).isEqualTo(primary);
    }

    private List<String> journalTypes() {
        return new ClusterJournal(fixture.zooKeeper, fixture.sandbox.spec().cluster()).readSince(-1).stream()
                .map(e -> e.event().type()).toList();
    }
}
