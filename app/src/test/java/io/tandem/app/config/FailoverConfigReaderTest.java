package io.tandem.app.config;

import io.tandem.failover.analysis.AnalysisSettings;
import io.tandem.failover.analysis.PromotionRules;
import io.tandem.failover.orchestrator.OrchestratorAssembly;
import io.tandem.failover.orchestrator.OrchestratorSettings;
import io.tandem.failover.recovery.RecoverySettings;
import io.tandem.failover.recovery.ReplicationAccount;
import io.tandem.topology.instance.InstanceKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FailoverConfigReaderTest {

    private static final String MINIMAL = """
            cluster: prod
            zookeeper: {connect: zk1:2181}
            seeds: [db1:3306]
            credentials:
              orchestrator: {user: tandem, password: s3cret-orch}
            """;
    private static final ReplicationAccount REPL = new ReplicationAccount("repl", "s3cret-repl");

    @TempDir
    Path dir;

    @Test
    void absentSectionKeepsTheCodeDefaults() {
        assertThat(load(MINIMAL).failover()).isEqualTo(FailoverConfig.DEFAULTS);
        assertThat(load(MINIMAL + "failover:\n").failover()).isEqualTo(FailoverConfig.DEFAULTS);
        assertThat(load(MINIMAL + "failover: {recovery: {}, stonith:}\n").failover())
                .isEqualTo(FailoverConfig.DEFAULTS);

        assertThat(FailoverConfig.DEFAULTS.settings("prod", "o1", REPL))
                .isEqualTo(OrchestratorSettings.defaults("prod", "o1", RecoverySettings.defaults(REPL)));
        assertThat(FailoverConfig.DEFAULTS.probe()).isEqualTo(OrchestratorAssembly.Timeouts.DEFAULTS);
    }

    @Test
    void readsEveryValue() {
        FailoverConfig failover = load(MINIMAL + """
                failover:
                  tickMs: 100
                  probe: {connectTimeoutMs: 300, readTimeoutMs: 400, adminReadTimeoutMs: 6000}
                  detection: {observerMaxAgeMs: 2000, maxLagMs: 5000, lagSampleMaxAgeMs: 1500}
                  recovery: {lockTimeoutMs: 2000, antiFlappingMs: 0, relayLogWaitMs: 7000, retryBackoffMs: 3000}
                  stonith: {command: [bin/fence-mysql, --force], timeoutMs: 20000}
                  promotion: {prefer: ["db2:3306", db4], never: ["[::1]:3307"]}
                  journal: {retention: 500}
                  hooks: {preFailover: [bin/pre, x], postSwitchover: [bin/post], timeoutMs: 3000}
                """).failover();

        OrchestratorSettings settings = failover.settings("prod", "o1", REPL);
        assertThat(settings.cluster()).isEqualTo("prod");
        assertThat(settings.id()).isEqualTo("o1");
        assertThat(settings.tick()).isEqualTo(Duration.ofMillis(100));
        assertThat(settings.retryBackoff()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.journalRetention()).isEqualTo(500);
        assertThat(settings.recovery().hooks()).isEqualTo(new io.tandem.failover.recovery.Hooks(
                List.of("bin/pre", "x"), List.of(), List.of(), List.of("bin/post"), Duration.ofSeconds(3)));
        assertThat(settings.analysis()).isEqualTo(new AnalysisSettings(Duration.ofSeconds(2), Duration.ofSeconds(5),
                Duration.ofMillis(1500)));
        assertThat(settings.rules()).isEqualTo(new PromotionRules(
                Set.of(new InstanceKey("db2", 3306), new InstanceKey("db4", 3306)),
                Set.of(new InstanceKey("::1", 3307))));
        // a relative program is kept as written: it runs from the orchestrator's working directory
        assertThat(settings.recovery().withHooks(io.tandem.failover.recovery.Hooks.NONE)).isEqualTo(
                new RecoverySettings(Duration.ofSeconds(2), Duration.ZERO, Duration.ofSeconds(7), REPL,
                        List.of("bin/fence-mysql", "--force"), Duration.ofSeconds(20)));
        assertThat(failover.probe()).isEqualTo(new OrchestratorAssembly.Timeouts(Duration.ofMillis(300),
                Duration.ofMillis(400), Duration.ofSeconds(6)));
    }

    @Test
    void keepsTheDefaultsOfKeysLeftOut() {
        FailoverConfig failover = load(MINIMAL + "failover: {recovery: {antiFlappingMs: 60000}}\n").failover();

        assertThat(failover.antiFlapping()).isEqualTo(Duration.ofMinutes(1));
        assertThat(failover.lockTimeout()).isEqualTo(RecoverySettings.DEFAULT_LOCK_TIMEOUT);
        assertThat(failover.relayLogWait()).isEqualTo(RecoverySettings.DEFAULT_RELAY_LOG_WAIT);
        assertThat(failover.tick()).isEqualTo(OrchestratorSettings.DEFAULT_TICK);
        assertThat(failover.stonithCommand()).isEmpty();
        assertThat(failover.journalRetention()).isEqualTo(OrchestratorSettings.DEFAULT_JOURNAL_RETENTION);
    }

    @Test
    void aJournalRetentionIsZeroForAllOrAtLeastAHundredEntries() {
        assertThat(load(MINIMAL + "failover: {journal: {retention: 0}}\n").failover().journalRetention()).isZero();
        assertThat(errorOf("failover: {journal: {retention: 10}}\n")).isEqualTo("tandem.yaml: failover.journal.retention"
                + " (10) must be 0 (keep every entry) or between 100 and 10000000 entries");
        assertThat(errorOf("failover: {journal: {keep: 10}}\n"))
                .isEqualTo("tandem.yaml: unknown key 'failover.journal.keep' (expected one of: retention)");
    }

    @Test
    void rejectsUnknownKeysWithTheirPath() {
        assertThat(errorOf("failover: {tick: 250}\n")).isEqualTo("tandem.yaml: unknown key 'failover.tick' "
                + "(expected one of: tickMs, probe, detection, recovery, stonith, promotion, journal, hooks)");
        assertThat(errorOf("failover: {recovery: {antiFlapping: 1000}}\n"))
                .isEqualTo("tandem.yaml: unknown key 'failover.recovery.antiFlapping' "
                        + "(expected one of: lockTimeoutMs, antiFlappingMs, relayLogWaitMs, retryBackoffMs)");
        assertThat(errorOf("failover: {probe: {connectMs: 1}}\n"))
                .startsWith("tandem.yaml: unknown key 'failover.probe.connectMs' (expected one of: connectTimeoutMs,");
        assertThat(errorOf("failover: {stonith: {cmd: [x]}}\n"))
                .isEqualTo("tandem.yaml: unknown key 'failover.stonith.cmd' (expected one of: command, timeoutMs)");
        assertThat(errorOf("failover: {promotion: {avoid: []}}\n"))
                .isEqualTo("tandem.yaml: unknown key 'failover.promotion.avoid' (expected one of: prefer, never)");
        assertThat(errorOf("failover: {detection: 3000}\n")).isEqualTo("tandem.yaml: failover.detection must be a "
                + "mapping of keys (observerMaxAgeMs, maxLagMs, lagSampleMaxAgeMs), got a number");
    }

    @Test
    void checksNumberRanges() {
        assertThat(errorOf("failover: {tickMs: 10}\n"))
                .isEqualTo("tandem.yaml: failover.tickMs must be between 50 and 10000, got 10");
        assertThat(errorOf("failover: {tickMs: 250ms}\n"))
                .isEqualTo("tandem.yaml: failover.tickMs must be a whole number, got text");
        assertThat(errorOf("failover: {recovery: {antiFlappingMs: -1}}\n"))
                .isEqualTo("tandem.yaml: failover.recovery.antiFlappingMs must be between 0 and 86400000, got -1");
        assertThat(errorOf("failover: {probe: {readTimeoutMs: 0}}\n"))
                .isEqualTo("tandem.yaml: failover.probe.readTimeoutMs must be between 10 and 60000, got 0");
        assertThat(errorOf("failover: {detection: {maxLagMs: 0}}\n"))
                .isEqualTo("tandem.yaml: failover.detection.maxLagMs must be between 1 and 86400000, got 0");
        assertThat(errorOf("failover: {stonith: {command: [x], timeoutMs: 50}}\n"))
                .isEqualTo("tandem.yaml: failover.stonith.timeoutMs must be between 100 and 600000, got 50");
    }

    @Test
    void observerReportsMustOutliveATick() {
        assertThat(errorOf("failover: {tickMs: 5000}\n"))
                .isEqualTo("tandem.yaml: failover.detection.observerMaxAgeMs (3000) must be greater than "
                        + "failover.tickMs (5000): observers report once per tick");
        assertThat(load(MINIMAL + "failover: {tickMs: 5000, detection: {observerMaxAgeMs: 12000}}\n").failover()
                .detection().observerMaxAge()).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void rejectsPromotionEntriesThatAreNotHostPort() {
        assertThat(errorOf("failover: {promotion: {prefer: [\"db2:abc\"]}}\n"))
                .isEqualTo("tandem.yaml: failover.promotion.prefer[0] 'db2:abc' is not HOST:PORT: "
                        + "'db2:abc' has no valid port; expected HOST:PORT");
        assertThat(errorOf("failover: {promotion: {never: [3306]}}\n"))
                .isEqualTo("tandem.yaml: failover.promotion.never[0] must be text, got a number "
                        + "(put the value in quotes)");
        assertThat(errorOf("failover: {promotion: {never: \"db3:3306\"}}\n"))
                .isEqualTo("tandem.yaml: failover.promotion.never must be a list of HOST:PORT, "
                        + "e.g. [\"db2:3306\"], got text");
        assertThat(errorOf("failover: {promotion: {prefer: [db2, \"db2:3306\"]}}\n"))
                .isEqualTo("tandem.yaml: failover.promotion.prefer[1] 'db2:3306' is already listed");
    }

    @Test
    void aServerCannotBeBothPreferredAndNeverPromoted() {
        assertThat(errorOf("failover: {promotion: {prefer: [\"db1:3306\", \"db2:3306\"], never: [DB2]}}\n"))
                .isEqualTo("tandem.yaml: failover.promotion.never[0] 'db2:3306' is also listed at "
                        + "failover.promotion.prefer[1]; a server cannot be both preferred and never promoted, "
                        + "remove it from one list");
    }

    @Test
    void stonithNeedsAProgram() {
        assertThat(errorOf("failover: {stonith: {command: []}}\n"))
                .isEqualTo("tandem.yaml: failover.stonith.command needs at least the program to run, e.g. "
                        + "[/usr/local/bin/fence-mysql] (leave it out for no hook)");
        assertThat(errorOf("failover: {stonith: {command: /usr/local/bin/fence-mysql --force}}\n"))
                .isEqualTo("tandem.yaml: failover.stonith.command must be a list of the program and its arguments, "
                        + "e.g. [/usr/local/bin/fence-mysql, --force], got text");
        assertThat(errorOf("failover: {stonith: {command: [\"\"]}}\n"))
                .isEqualTo("tandem.yaml: failover.stonith.command[0] is empty (the program to run)");
        assertThat(errorOf("failover: {stonith: {command: [fence, 42]}}\n"))
                .isEqualTo("tandem.yaml: failover.stonith.command[1] must be text, got a number "
                        + "(put the value in quotes)");
        assertThat(errorOf("failover: {stonith: {timeoutMs: 5000}}\n"))
                .isEqualTo("tandem.yaml: failover.stonith.timeoutMs is set but failover.stonith.command is not; "
                        + "there is no hook to time out");
    }

    private TandemConfig load(String yaml) {
        return new ConfigLoader(Map.<String, String>of()::get).load(write(yaml));
    }

    /** The failure message for {@link #MINIMAL} plus {@code failover}, with the file shortened to tandem.yaml. */
    private String errorOf(String failover) {
        Path file = write(MINIMAL + failover);
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(Map.<String, String>of()::get).load(file));
        assertThat(e).as("expected a ConfigException").isNotNull();
        assertThat(e.getMessage()).startsWith(file + ": ");
        return "tandem.yaml" + e.getMessage().substring(file.toString().length());
    }

    private Path write(String yaml) {
        try {
            return Files.writeString(dir.resolve("tandem.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
