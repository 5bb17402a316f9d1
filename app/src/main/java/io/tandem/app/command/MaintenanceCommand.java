package io.tandem.app.command;

import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.request.RequestType;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code tandem maintenance on|off HOST:PORT}: a replica out of reads and promotion, or back. */
@Command(name = "maintenance", mixinStandardHelpOptions = true,
        description = "Puts a replica in maintenance (no reads routed to it, never promoted) or takes it out."
                + " The leading orchestrator executes it; exits 0 done, 1 refused, 2 no answer.")
public final class MaintenanceCommand implements Callable<Integer> {

    enum Switch { ON, OFF }

    @Parameters(index = "0", description = "on or off")
    private Switch state;

    @Parameters(index = "1", description = "The replica, HOST:PORT as the view names it (see tandem status)")
    private String instance;

    @ArgGroup(exclusive = true)
    private ClusterTarget target;

    @Option(names = "--timeout", defaultValue = "30", description = "Seconds to wait for the answer. Default: 30")
    private long timeoutSeconds;

    @Override
    public Integer call() {
        InstanceKey key;
        try {
            key = InstanceKey.parse(instance);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + instance + "' is not HOST:PORT (e.g. 127.0.0.1:23307): "
                    + e.getMessage());
        }
        return OperatorRequest.run(target, RequestType.MAINTENANCE, key, state == Switch.ON,
                Duration.ofSeconds(timeoutSeconds), "maintenance");
    }
}
