package io.tandem.failover.recovery;

import io.tandem.topology.store.ZooKeeperConnector;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.tandem.failover.recovery.RecoveryFixture.DB1;
import static io.tandem.failover.recovery.RecoveryFixture.DB3;
import static org.assertj.core.api.Assertions.assertThat;

/** Pre- and post-hooks of failovers and switchovers, run as real processes ({@code sh}). */
class HooksTest {

    private static TestingServer server;
    private static CuratorFramework client;
    private static final AtomicInteger CLUSTERS = new AtomicInteger();

    @TempDir
    Path tmp;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        server = new TestingServer(true);
        client = ZooKeeperConnector.connect(server.getConnectString(), Duration.ofSeconds(15), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        client.close();
        server.close();
    }

    private static RecoveryFixture fixture(Hooks hooks) {
        RecoveryFixture f = new RecoveryFixture(client, "h" + CLUSTERS.incrementAndGet());
        f.settings = f.settings.withHooks(hooks);
        return f;
    }

    private static List<String> sh(String script) {
        return List.of("sh", "-c", script);
    }

    private static Hooks hooks(List<String> preFailover, List<String> postFailover, List<String> preSwitchover,
                               Duration timeout) {
        return new Hooks(preFailover, postFailover, preSwitchover, List.of(), timeout);
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition within 10 s").isNegative();
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
    }

    @Test
    void aPreFailoverHookGetsItsContextAndItsSuccessLetsTheFailoverRun() throws Exception {
        Path context = tmp.resolve("context.json");
        RecoveryFixture f = fixture(hooks(sh("cat > " + context), List.of(), List.of(), Duration.ofSeconds(10)));

        RecoveryOutcome outcome = f.run().run();

        assertThat(outcome.state()).isEqualTo(RecoveryState.RESOLVED);
        assertThat(Files.readString(context, StandardCharsets.UTF_8)).contains("\"event\":\"pre-failover\"")
                .contains("\"oldPrimary\":\"db1:3306\"").contains("\"newPrimary\":\"db2:3306\"")
                .contains("\"epoch\":2,");
    }

    @Test
    void aFailingOrHangingPreFailoverHookStopsItWithNothingChanged() {
        RecoveryFixture failing = fixture(hooks(sh("exit 3"), List.of(), List.of(), Duration.ofSeconds(10)));
        RecoveryFixture hanging = fixture(hooks(sh("sleep 30"), List.of(), List.of(), Duration.ofMillis(300)));

        RecoveryOutcome failed = failing.run().run();
        RecoveryOutcome hung = hanging.run().run();

        assertThat(failed.state()).isEqualTo(RecoveryState.ABORTED);
        assertThat(failed.reason()).isEqualTo("pre-failover hook [sh, -c, exit 3] exited with 3; nothing was changed");
        assertThat(hung.reason()).isEqualTo("pre-failover hook [sh, -c, sleep 30] did not finish within 300 ms;"
                + " nothing was changed");
        for (RecoveryFixture f : List.of(failing, hanging)) {
            assertThat(f.admin.calls).isEmpty();
            assertThat(f.view().epoch()).isEqualTo(1);
            assertThat(f.view().primaryKey()).isEqualTo(DB1);
        }
    }

    @Test
    void aFailingPostFailoverHookIsJournaledAndTheFailoverStands() {
        RecoveryFixture f = fixture(hooks(List.of(), sh("exit 5"), List.of(), Duration.ofSeconds(10)));

        RecoveryOutcome outcome = f.run().run();

        assertThat(outcome.state()).isEqualTo(RecoveryState.RESOLVED);
        await(() -> f.journalMessages().stream().anyMatch(m -> m.equals("post-failover hook [sh, -c, exit 5]"
                + " exited with 5 (the failover stands)")));
    }

    @Test
    void aFailingPreSwitchoverHookRefusesTheSwitchoverBeforeWritesAreHeld() {
        RecoveryFixture f = fixture(hooks(List.of(), List.of(), sh("exit 1"), Duration.ofSeconds(10)));
        f.primaryAlive();
        f.lock.acquire(Duration.ZERO);

        SwitchoverRun.Outcome outcome = new SwitchoverRun(f.context(), DB3, "alice@ops1", "sw-1").run();

        assertThat(outcome.done()).isFalse();
        assertThat(outcome.message()).isEqualTo("pre-switchover hook [sh, -c, exit 1] exited with 1; nothing was"
                + " changed");
        assertThat(f.view().epoch()).as("no epoch held writes").isEqualTo(1);
        assertThat(f.admin.calls).isEmpty();
    }
}
