package io.tandem.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sandbox whose JVM was killed with SIGKILL leaves its servers running; the next start in the same folder finds
 * them, stops them and starts cleanly, and SIGTERM then stops everything.
 */
class StaleSandboxCliIT {

    private static final int BASE_PORT = 24856;
    private static final int ZOOKEEPER_PORT = 24882;

    @Test
    void nextStartCleansUpAfterAKilledSandbox() throws Exception {
        Path dir = SandboxFixture.folder("stale");
        String[] args = {"sandbox", "--replicas", "1", "--dir", dir.toString(), "--base-port", "" + BASE_PORT,
                "--zk-port", "" + ZOOKEEPER_PORT, "--proxy-port", "24835", "--metrics-port", "24836"};
        List<ProcessHandle> orphans;
        try (CliProcess killed = CliProcess.start(args)) {
            killed.awaitLine("Press Ctrl-C", Duration.ofMinutes(3));
            orphans = Processes.serversIn(dir);
            assertThat(orphans).hasSize(2);
            killed.signalAndWait("KILL", Duration.ofSeconds(30));
        }
        assertThat(orphans).as("SIGKILL leaves the servers running").allMatch(ProcessHandle::isAlive);

        try (CliProcess next = CliProcess.start(args)) {
            next.awaitLine("Press Ctrl-C", Duration.ofMinutes(3));
            assertThat(next.output()).contains("cleaned up a stale sandbox");
            assertThat(orphans).noneMatch(ProcessHandle::isAlive);
            assertThat(Processes.serversIn(dir)).hasSize(2);

            next.signalAndWait("TERM", Duration.ofSeconds(90));
            Processes.awaitNoServersIn(dir, Duration.ofSeconds(5));
        }
    }
}
