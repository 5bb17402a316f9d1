package io.tandem.app.command;

import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.json.TandemJson;
import io.tandem.topology.lag.LagSample;
import io.tandem.topology.lag.LagStore;
import io.tandem.topology.store.ClusterMarks;
import io.tandem.topology.store.ClusterViewStore;
import io.tandem.topology.store.VersionedView;
import io.tandem.topology.view.Member;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code tandem status}: the cluster view as ZooKeeper holds it, for people (a table) or programs ({@code --json}).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Prints the cluster view: epoch, primary, replicas, replication health, GTID sets, lag,"
                + " and the last recovery.")
public final class StatusCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true)
    private ClusterTarget target;

    @Option(names = "--json", description = "Print JSON: the view exactly as stored, the replicas' lag samples"
            + " and the last recovery.")
    private boolean json;

    @Override
    public Integer call() {
        ClusterTarget.Address address = ClusterTarget.resolve(target);
        String connect = address.connect();
        String cluster = address.cluster();
        VersionedView view;
        Map<InstanceKey, LagSample> lag = new LinkedHashMap<>();
        Optional<LastRecovery> lastRecovery;
        try (CuratorFramework zooKeeper = address.open()) {
            ClusterViewStore store = new ClusterViewStore(zooKeeper, cluster);
            String where = connect;
            String name = cluster;
            view = store.read().orElseThrow(() -> new IllegalStateException("no view of cluster '" + name
                    + "' in ZooKeeper at " + where + " (" + store.paths().view() + "): start ./tandem sandbox, or an"
                    + " orchestrator for a real cluster, first"));
            LagStore lagStore = new LagStore(zooKeeper, store.paths());
            for (Member replica : view.view().replicas()) {
                lagStore.read(replica.key()).ifPresent(sample -> lag.put(replica.key(), sample));
            }
            lastRecovery = LastRecovery.in(new ClusterMarks(zooKeeper, cluster));
        }
        PrintStream out = System.out;
        if (json) {
            out.println(TandemJson.encodePretty(new StatusDocument(view.view(), List.copyOf(lag.values()),
                    lastRecovery.orElse(null))));
        } else {
            new StatusReport(view, lag, lastRecovery, Clock.systemUTC().instant()).print(out);
        }
        return 0;
    }
}
