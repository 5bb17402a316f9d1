package io.tandem.app.command;

import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.request.RequestType;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code tandem switchover [--to HOST:PORT]}: moves the primary on purpose, with writes held briefly. */
@Command(name = "switchover", mixinStandardHelpOptions = true,
        description = "Moves the primary to a healthy replica (--to, or the one a failover would choose): proxies hold"
                + " new writes, the old primary drains and turns read-only, the replica catches up exactly and is"
                + " promoted, the old primary replicates from it. Exits 0 done, 1 refused (nothing changed),"
                + " 2 no answer.")
public final class SwitchoverCommand implements Callable<Integer> {

    @Option(names = "--to", description = "The replica to promote, HOST:PORT as the view names it (see tandem"
            + " status). Default: the one a failover would choose")
    private String to;

    @ArgGroup(exclusive = true)
    private ClusterTarget target;

    @Option(names = "--timeout", defaultValue = "60", description = "Seconds to wait for the answer. Default: 60")
    private long timeoutSeconds;

    @Option(names = "--dry-run", description = "Print what the switchover would do now and why; change nothing")
    private boolean dryRun;

    @Option(names = "--json", description = "With --dry-run: print the plan as JSON")
    private boolean json;

    @Override
    public Integer call() {
        InstanceKey key = null;
        if (to != null) {
            try {
                key = InstanceKey.parse(to);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--to '" + to + "' is not HOST:PORT (e.g. 127.0.0.1:23307): "
                        + e.getMessage());
            }
        }
        if (json && !dryRun) {
            throw new IllegalArgumentException("--json goes with --dry-run (a switchover prints one line)");
        }
        return OperatorRequest.run(target, dryRun ? RequestType.SWITCHOVER_DRY_RUN : RequestType.SWITCHOVER, key,
                null, Duration.ofSeconds(timeoutSeconds), "switchover", json);
    }
}
