package io.tandem.app.command;

import io.tandem.topology.request.RequestType;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code tandem auto-failover on|off}: whether the leader fails over a dead primary by itself. */
@Command(name = "auto-failover", mixinStandardHelpOptions = true,
        description = "Switches automatic failover on or off for the whole cluster (a dead primary is then only"
                + " reported; switchover stays allowed). Exits 0 done, 1 refused, 2 no answer.")
public final class AutoFailoverCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "on or off")
    private MaintenanceCommand.Switch state;

    @ArgGroup(exclusive = true)
    private ClusterTarget target;

    @Option(names = "--timeout", defaultValue = "30", description = "Seconds to wait for the answer. Default: 30")
    private long timeoutSeconds;

    @Override
    public Integer call() {
        return OperatorRequest.run(target, RequestType.AUTO_FAILOVER, null, state == MaintenanceCommand.Switch.ON,
                Duration.ofSeconds(timeoutSeconds), "auto-failover");
    }
}
