package io.tandem.topology.discovery;

import io.tandem.topology.discovery.TopologyProblem.Code;
import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.instance.ReplicaStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides, from what discovery reached, which server is the primary and what is wrong. Pure: no I/O, so every rule
 * is tested with fixtures. The primary is the one reachable server that is writable and replicates from nobody;
 * none or several of them is a problem for a person or a recovery, never a guess.
 */
final class TopologyClassifier {

    private TopologyClassifier() {
    }

    static DiscoveryResult classify(Map<InstanceKey, InstanceReport> reached, Map<InstanceKey, InstanceKey> aliases,
                                    Map<InstanceKey, String> unreachable) {
        List<TopologyProblem> problems = new ArrayList<>();
        unreachable.forEach((key, error) -> problems.add(new TopologyProblem(Code.UNREACHABLE, key, error)));
        mixedFlavors(reached).ifPresent(problems::add);

        List<InstanceKey> writableRoots = new ArrayList<>();
        List<InstanceKey> readOnlyRoots = new ArrayList<>();
        for (InstanceReport report : reached.values()) {
            InstanceKey key = report.instance().key();
            Optional<ReplicaStatus> replication = report.replication();
            if (replication.isEmpty()) {
                (report.instance().writable() ? writableRoots : readOnlyRoots).add(key);
                continue;
            }
            replicaProblems(key, report, replication.get(), problems);
        }

        Optional<InstanceKey> primary = Optional.empty();
        if (writableRoots.size() == 1) {
            primary = Optional.of(writableRoots.get(0));
        } else if (writableRoots.isEmpty()) {
            problems.add(new TopologyProblem(Code.NO_PRIMARY, null, "no reachable writable server without a"
                    + " replication source" + (readOnlyRoots.isEmpty() ? "" : "; read-only roots: " + readOnlyRoots)));
        } else {
            problems.add(new TopologyProblem(Code.SEVERAL_PRIMARIES, null,
                    "writable servers without a replication source: " + writableRoots));
        }
        return new DiscoveryResult(reached, aliases, unreachable, primary, problems);
    }

    private static void replicaProblems(InstanceKey key, InstanceReport report, ReplicaStatus replication,
                                        List<TopologyProblem> problems) {
        if (report.instance().writable()) {
            problems.add(new TopologyProblem(Code.WRITABLE_REPLICA, key,
                    "replicates from " + replication.source() + " but has read_only=OFF"));
        }
        if (!replication.replicating()) {
            String error = replication.lastError();
            problems.add(new TopologyProblem(Code.REPLICATION_STOPPED, key, "IO thread " + replication.ioThread()
                    + ", SQL thread " + (replication.sqlThreadRunning() ? "RUNNING" : "STOPPED")
                    + " (source " + replication.source() + ")" + (error == null ? "" : ": " + error)));
        }
    }

    private static Optional<TopologyProblem> mixedFlavors(Map<InstanceKey, InstanceReport> reached) {
        Map<Flavor, List<InstanceKey>> byFlavor = reached.values().stream().collect(Collectors.groupingBy(
                r -> r.instance().flavor(), Collectors.mapping(r -> r.instance().key(), Collectors.toList())));
        return byFlavor.size() > 1
                ? Optional.of(new TopologyProblem(Code.MIXED_FLAVORS, null, "MySQL and MariaDB servers: " + byFlavor))
                : Optional.empty();
    }
}
