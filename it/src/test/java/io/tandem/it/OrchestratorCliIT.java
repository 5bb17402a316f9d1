package io.tandem.it;

import io.tandem.sandbox.SandboxAccounts;
import io.tandem.sandbox.ServerProcess;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.store.ClusterJournal;
import io.tandem.topology.store.JournalEntry;
import io.tandem.topology.store.VersionedView;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.Participant;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code failover:} section of {@code tandem.yaml} as a user runs it: {@code tandem orchestrator --config} in a
 * child process, told never to promote the replica it would otherwise pick and to fence through a STONITH script;
 * kill -9 of the primary promotes the other replica, the script gets the old primary and the new epoch on stdin,
 * and the excluded replica follows the new primary. A mistake in the section stops the command before it starts.
 */
class OrchestratorCliIT {

    private static final String ID = "it-cli-orchestrator";

    @TempDir
    Path dir;
    private RoutingFixture fixture;
    private CliProcess orchestrator;

    @AfterEach
    void stop() {
        // the child first, so that nothing acts on the servers while the sandbox goes away
        if (orchestrator != null) {
            orchestrator.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void neverRuleAndStonithHookFromTheConfigDecideTheFailover() throws Exception {
        fixture = RoutingFixture.start(2, true, s -> s);
        String cluster = fixture.sandbox.spec().cluster();
        fixture.sandbox.awaitReplicasCaughtUp();
        VersionedView before = fixture.view();
        // no writes and no binlog monitor, so both replicas hold the same GTIDs and the candidate selector would
        // break the tie by view order: the first replica is the one `never` has to overrule
        InstanceKey oldPrimary = before.view().primaryKey();
        InstanceKey excluded = before.view().replicas().get(0).key();
        InstanceKey expected = before.view().replicas().get(1).key();
        Files.writeString(dir.resolve("fence.sh"), """
                d="$(dirname "$0")"
                cat > "$d/fenced.tmp" && mv "$d/fenced.tmp" "$d/fenced.json"
                """);
        Path config = writeConfig(cluster, fixture.sandbox.zooKeeperConnectString(), oldPrimary, """
                failover:
                  promotion: {never: ["%s"]}
                  stonith: {command: ["/bin/sh", "%s"], timeoutMs: 5000}
                """.formatted(excluded, dir.resolve("fence.sh")));

        orchestrator = CliProcess.start("orchestrator", "--config", config.toString(), "--id", ID,
                "--no-binlog-monitor");
        orchestrator.awaitLine("tandem orchestrator " + ID + ": watching cluster '" + cluster + "'",
                Duration.ofSeconds(60));
        LeaderLatch election = new LeaderLatch(fixture.zooKeeper, "/tandem/" + cluster + "/leader");
        Await.until(ID + " leading the election", Duration.ofSeconds(15), () -> leader(election),
                leader -> leader.equals(ID));

        fixture.sandbox.primary().kill();

        VersionedView after = Await.until("a new primary published", Duration.ofSeconds(30), fixture::view,
                v -> v.view().epoch() > before.view().epoch() && !v.view().failoverInProgress()
                        && !v.view().primaryKey().equals(oldPrimary));
        List<String> journal = new ClusterJournal(fixture.zooKeeper, cluster).readSince(-1).stream()
                .map(JournalEntry::event).map(e -> e.type() + " " + e.message()).toList();
        journal.forEach(line -> System.out.println("OrchestratorCliIT: " + line));
        assertThat(after.view().primaryKey()).as("promoted despite the tie, since %s is never promoted", excluded)
                .isEqualTo(expected);
        assertThat(journal).as("the rule left one eligible replica")
                .anySatisfy(line -> assertThat(line).contains("promoting " + expected + " (most advanced of 1"));

        Path fenced = dir.resolve("fenced.json");
        String hookInput = Await.until("the STONITH hook's stdin in " + fenced, Duration.ofSeconds(5),
                () -> Files.exists(fenced) ? Files.readString(fenced) : "", text -> !text.isEmpty());
        assertThat(hookInput).contains("\"cluster\":\"" + cluster + "\"")
                .contains("\"oldPrimary\":\"" + oldPrimary + "\"")
                .contains("\"epoch\":" + after.view().epoch() + "}");

        ServerProcess follower = fixture.sandbox.replicas().stream()
                .filter(r -> r.layout().key().equals(excluded)).findFirst().orElseThrow();
        Await.until(excluded + " replicating from " + expected, Duration.ofSeconds(10),
                () -> RootQueries.replicaSource(follower), s -> s.equals(expected + " Yes Yes"));
    }

    @Test
    void aMistakeInTheFailoverSectionStopsTheCommandNamingTheKey() throws Exception {
        // loaded and checked before any connection: nothing listens on this ZooKeeper or server
        Path config = writeConfig("it-cli", "127.0.0.1:1", InstanceKey.parse("127.0.0.1:1"), """
                failover:
                  tickMs: 5
                """);

        CliProcess.Result result = CliProcess.run(Duration.ofSeconds(60), "orchestrator", "--config",
                config.toString(), "--no-binlog-monitor");

        assertThat(result.exitCode()).as(result.stderr()).isEqualTo(2);
        assertThat(result.stderr()).contains(config + ": failover.tickMs must be between 50 and 10000, got 5");
    }

    private Path writeConfig(String cluster, String zooKeeper, InstanceKey seed, String failover) throws Exception {
        Path config = dir.resolve("tandem.yaml");
        Files.writeString(config, """
                cluster: %s
                zookeeper: {connect: "%s"}
                seeds: ["%s"]
                credentials:
                  orchestrator: {user: %s, password: %s}
                  replication: {user: %s, password: %s}
                """.formatted(cluster, zooKeeper, seed, SandboxAccounts.ORCHESTRATOR_USER,
                SandboxAccounts.ORCHESTRATOR_PASSWORD, SandboxAccounts.REPLICATION_USER,
                SandboxAccounts.REPLICATION_PASSWORD) + failover);
        return config;
    }

    /** The id of the election's leader, read as any participant reads it; empty before anyone joined. */
    private static String leader(LeaderLatch election) throws Exception {
        try {
            Participant leader = election.getLeader();
            return leader.isLeader() ? leader.getId() : "";
        } catch (KeeperException.NoNodeException e) {
            return "";
        }
    }
}
