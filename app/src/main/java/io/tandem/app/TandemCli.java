package io.tandem.app;

import io.netty.util.ResourceLeakDetector;
import io.tandem.app.command.ExplainRouteCommand;
import io.tandem.app.command.OrchestratorCommand;
import io.tandem.app.command.ProxyCommand;
import io.tandem.app.command.SandboxCommand;
import io.tandem.app.command.AcknowledgeCommand;
import io.tandem.app.command.AutoFailoverCommand;
import io.tandem.app.command.CheckCommand;
import io.tandem.app.command.FailoverCommand;
import io.tandem.app.command.MaintenanceCommand;
import io.tandem.app.command.StatusCommand;
import io.tandem.app.command.SwitchoverCommand;
import io.tandem.app.config.ConfigException;
import io.tandem.sandbox.SandboxException;
import io.tandem.topology.store.CoordinationException;
import picocli.CommandLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine.Command;

/**
 * The {@code tandem} command: one runnable for every role (DESIGN.md, "CLI contract").
 */
@Command(name = "tandem", mixinStandardHelpOptions = true, versionProvider = TandemVersion.class,
        description = "MySQL high availability: routing proxy, binlog lag monitor and failover orchestrator.",
        subcommands = {SandboxCommand.class, StatusCommand.class, CheckCommand.class, ProxyCommand.class,
                OrchestratorCommand.class, SwitchoverCommand.class, FailoverCommand.class, MaintenanceCommand.class,
                AutoFailoverCommand.class, AcknowledgeCommand.class, ExplainRouteCommand.class,
                CommandLine.HelpCommand.class})
public final class TandemCli implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(TandemCli.class);

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        withoutLeakSampling();
        julThroughSlf4j();
        System.exit(run(args));
    }

    /**
     * The binlog client inside Debezium logs through java.util.logging, which would print its own two-line records
     * on stderr at INFO; routed through SLF4J they follow logback.xml like every other library.
     */
    private static void julThroughSlf4j() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    /**
     * Netty's default leak detection records a stack trace for one buffer in 128, and the proxy allocates several
     * per statement: about 4% of its CPU per query in a profile (docs/BENCHMARKS.md). The command line turns it
     * off unless {@code -Dio.netty.leakDetection.level} asks for a level; tests, which call {@link #run}, keep it.
     */
    private static void withoutLeakSampling() {
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    /**
     * Runs the command line and returns its exit code. Expected failures (a busy port, an unreachable ZooKeeper, a
     * bad option value) print one clear line and exit 2; the stack trace is logged at DEBUG
     * ({@code TANDEM_LOG_LEVEL=DEBUG}).
     */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new TandemCli()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof SandboxException || e instanceof CoordinationException || e instanceof ConfigException
                    || e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof java.io.UncheckedIOException) {
                LOG.debug("tandem {} failed", commandLine.getCommandName(), e);
                commandLine.getErr().println("tandem " + commandLine.getCommandName() + ": " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
