package io.tandem.app.command;

import io.tandem.topology.request.RequestType;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code tandem acknowledge}: lifts the anti-flapping block after a recovery a DBA has looked at. */
@Command(name = "acknowledge", mixinStandardHelpOptions = true,
        description = "Acknowledges the last recovery: the anti-flapping window no longer blocks the next failover."
                + " Exits 0 done, 1 refused, 2 no answer.")
public final class AcknowledgeCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true)
    private ClusterTarget target;

    @Option(names = "--timeout", defaultValue = "30", description = "Seconds to wait for the answer. Default: 30")
    private long timeoutSeconds;

    @Override
    public Integer call() {
        return OperatorRequest.run(target, RequestType.ACKNOWLEDGE, null, null, Duration.ofSeconds(timeoutSeconds),
                "acknowledge");
    }
}
