package io.tandem.app.command;

import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.request.Request;
import io.tandem.topology.request.RequestOutcome;
import io.tandem.topology.request.RequestStore;
import io.tandem.topology.request.RequestType;
import org.apache.curator.framework.CuratorFramework;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * What the operator commands share: write the request, wait for the leading orchestrator's answer, print it, and
 * exit 0 when done, 1 when refused, 2 when no orchestrator answered in time (the request is then withdrawn, so it
 * cannot run later by surprise).
 */
final class OperatorRequest {

    static final int DONE = 0;
    static final int REFUSED = 1;
    static final int NO_ANSWER = 2;

    private OperatorRequest() {
    }

    /** Who asks: the OS user at this host, as the journal records it. */
    static String requester() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return System.getProperty("user.name", "unknown") + "@" + host;
    }

    static int run(ClusterTarget target, RequestType type, InstanceKey instance, Boolean enable, Duration timeout,
                   String command) {
        return run(target, type, instance, enable, timeout, command, false);
    }

    /** As above; with {@code json}, the answer's machine-readable detail is printed instead of its message. */
    static int run(ClusterTarget target, RequestType type, InstanceKey instance, Boolean enable, Duration timeout,
                   String command, boolean json) {
        ClusterTarget.Address address = ClusterTarget.resolve(target);
        Request request = new Request(type, instance, enable, requester(), Clock.systemUTC().instant());
        PrintStream out = System.out;
        try (CuratorFramework zooKeeper = address.open()) {
            RequestStore requests = new RequestStore(zooKeeper, address.cluster());
            long sequence = requests.submit(request);
            Optional<RequestOutcome> outcome = requests.awaitOutcome(sequence, timeout);
            if (outcome.isEmpty()) {
                requests.read(sequence).filter(e -> e.pending()).ifPresent(requests::withdraw);
                Optional<RequestOutcome> late = requests.read(sequence).map(e -> e.outcome());
                if (late.isEmpty()) {
                    System.err.println("tandem " + command + ": no orchestrator of cluster '" + address.cluster()
                            + "' answered within " + timeout.toSeconds() + " s (is one running and leading?); the"
                            + " request was withdrawn, nothing was changed");
                    return NO_ANSWER;
                }
                outcome = late;
            }
            RequestOutcome answer = outcome.get();
            if (answer.done()) {
                out.println(json && answer.detail() != null ? answer.detail() : answer.message());
                return DONE;
            }
            System.err.println("tandem " + command + ": refused by " + answer.by() + ": " + answer.message());
            return REFUSED;
        }
    }
}
