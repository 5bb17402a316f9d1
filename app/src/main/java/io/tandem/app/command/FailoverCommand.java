package io.tandem.app.command;

import io.tandem.topology.request.RequestType;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code tandem failover --dry-run}: what a failover would do now, and why, asked of the leading orchestrator (it
 * probes the servers and applies the rules a recovery applies). A failover itself is never started by hand: the
 * leader runs one when the primary is dead, and a planned move is a switchover.
 */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = "With --dry-run: prints what a failover would do now (the candidate and why, why not each other"
                + " replica, what would be lost, what would stop it) and changes nothing.")
public final class FailoverCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true)
    private ClusterTarget target;

    @Option(names = "--dry-run", description = "Print the plan; change nothing (required)")
    private boolean dryRun;

    @Option(names = "--json", description = "Print the plan as JSON")
    private boolean json;

    @Option(names = "--timeout", defaultValue = "30", description = "Seconds to wait for the answer. Default: 30")
    private long timeoutSeconds;

    @Override
    public Integer call() {
        if (!dryRun) {
            throw new IllegalArgumentException("a failover is run by the leading orchestrator when the primary dies;"
                    + " to move a live primary use tandem switchover, to see what a failover would do add --dry-run");
        }
        return OperatorRequest.run(target, RequestType.FAILOVER_DRY_RUN, null, null,
                Duration.ofSeconds(timeoutSeconds), "failover", json);
    }
}
