package io.tandem.app.command;

import io.tandem.app.check.CheckStatus;
import io.tandem.app.check.ClusterCheck;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.lag.LagSample;
import io.tandem.topology.lag.LagStore;
import io.tandem.topology.observer.ObserverStore;
import io.tandem.topology.store.ClusterMarks;
import io.tandem.topology.store.ClusterViewStore;
import io.tandem.topology.view.Member;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code tandem check}: one Nagios-style line with performance data, and the standard exit codes (0 OK, 1 WARNING,
 * 2 CRITICAL, 3 UNKNOWN), for any monitoring system that runs plugins (Nagios, Icinga, Sensu, Zabbix). It only reads
 * ZooKeeper; see {@link ClusterCheck} for what it judges.
 *
 * @see <a href="https://nagios-plugins.org/doc/guidelines.html#AEN200">Nagios plugin output and performance data</a>
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Prints one monitoring-plugin line (primary health, replication, lag, maintenance, last"
                + " recovery) and exits 0 OK, 1 WARNING, 2 CRITICAL or 3 UNKNOWN (ZooKeeper cannot be read).")
public final class CheckCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true)
    private ClusterTarget target;

    @Option(names = {"-w", "--lag-warning-ms"}, defaultValue = "1000",
            description = "Replica lag that makes the check WARNING. Default: ${DEFAULT-VALUE}")
    private long lagWarningMs;

    @Option(names = {"-c", "--lag-critical-ms"}, defaultValue = "10000",
            description = "Replica lag that makes the check CRITICAL. Default: ${DEFAULT-VALUE}")
    private long lagCriticalMs;

    @Override
    public Integer call() {
        if (lagWarningMs < 0 || lagCriticalMs <= lagWarningMs) {
            return report(CheckStatus.UNKNOWN, "--lag-warning-ms (" + lagWarningMs + ") must be at least 0 and below"
                    + " --lag-critical-ms (" + lagCriticalMs + ")");
        }
        ClusterCheck check = new ClusterCheck(Duration.ofMillis(lagWarningMs), Duration.ofMillis(lagCriticalMs),
                ClusterCheck.DEFAULTS.observerMaxAge(), ClusterCheck.DEFAULTS.lagMaxAge());
        ClusterTarget.Address address;
        ClusterCheck.Result result;
        try {
            address = ClusterTarget.resolve(target);
        } catch (RuntimeException e) {
            // a bad config file: the plugin cannot say anything about the cluster
            return report(CheckStatus.UNKNOWN, e.getMessage());
        }
        try (CuratorFramework zooKeeper = address.open()) {
            ClusterViewStore views = new ClusterViewStore(zooKeeper, address.cluster());
            var view = views.read();
            if (view.isEmpty()) {
                return report(CheckStatus.UNKNOWN, "no view of cluster '" + address.cluster() + "' in ZooKeeper at "
                        + address.connect());
            }
            Map<InstanceKey, LagSample> lag = new HashMap<>();
            LagStore lagStore = new LagStore(zooKeeper, views.paths());
            for (Member replica : view.get().view().replicas()) {
                lagStore.read(replica.key()).ifPresent(sample -> lag.put(replica.key(), sample));
            }
            var lastRecovery = LastRecovery.in(new ClusterMarks(zooKeeper, address.cluster()))
                    .map(r -> new ClusterCheck.LastRecovery(r.outcome(), r.at(), r.reason()));
            result = check.judge(view.get().view(), new ObserverStore(zooKeeper, views.paths()).current(), lag,
                    lastRecovery, Clock.systemUTC().instant());
        } catch (RuntimeException e) {
            // boundary: whatever stops the reading (ZooKeeper down, a node that does not parse) is UNKNOWN, never OK
            return report(CheckStatus.UNKNOWN, "cluster '" + address.cluster() + "': " + e.getMessage());
        }
        System.out.println(result.line());
        return result.status().exitCode();
    }

    private static int report(CheckStatus status, String summary) {
        System.out.println(new ClusterCheck.Result(status, summary, "").line());
        return status.exitCode();
    }
}
