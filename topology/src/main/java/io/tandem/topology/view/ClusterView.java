package io.tandem.topology.view;

import io.tandem.topology.flavor.Flavor;
import io.tandem.topology.instance.InstanceKey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one authoritative picture of a cluster that every proxy, orchestrator and console obeys, stored as JSON at
 * {@code /tandem/<cluster>/view}. The epoch is the fencing token: it only grows, and a new primary always comes
 * with a new epoch.
 *
 * @param failoverInProgress set while a recovery or switchover runs: proxies hold new writes
 * @param observedAt when the members' health was last observed
 */
public record ClusterView(
        String cluster,
        long epoch,
        Flavor flavor,
        Member primary,
        List<Member> replicas,
        boolean failoverInProgress,
        Instant observedAt) {

    public ClusterView {
        if (cluster == null || cluster.isBlank()) {
            throw new IllegalArgumentException("a cluster view needs a cluster name");
        }
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be at least 1, got " + epoch);
        }
        if (primary == null) {
            throw new IllegalArgumentException("a cluster view needs a primary");
        }
        replicas = List.copyOf(replicas);
    }

    public InstanceKey primaryKey() {
        return primary.key();
    }

    /** The primary first, then the replicas in view order. */
    public Stream<Member> members() {
        return Stream.concat(Stream.of(primary), replicas.stream());
    }

    public Optional<Member> member(InstanceKey key) {
        return members().filter(m -> m.key().equals(key)).findFirst();
    }

    /** The same cluster under a new epoch (same members), for a recovery that changes who may write. */
    public ClusterView withEpoch(long nextEpoch, Instant at) {
        return new ClusterView(cluster, nextEpoch, flavor, primary, replicas, failoverInProgress, at);
    }
}
