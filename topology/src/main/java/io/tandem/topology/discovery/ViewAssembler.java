package io.tandem.topology.discovery;

import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.instance.ReplicaStatus;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.Member;
import io.tandem.topology.view.MemberState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a discovery into a {@link ClusterView}. It never chooses a primary (discovery found exactly one or the
 * view cannot be built) and never changes one on refresh: moving the primary is a recovery's job, with a new epoch.
 */
public final class ViewAssembler {

    private ViewAssembler() {
    }

    /** The first view of a cluster. @throws IllegalStateException listing the problems when there is no primary */
    public static ClusterView initial(String cluster, long epoch, DiscoveryResult result, Instant now) {
        InstanceKey primaryKey = result.primary().orElseThrow(() -> new IllegalStateException(
                "no single primary to publish for cluster " + cluster + ": " + result.problems()));
        InstanceReport primary = result.instances().get(primaryKey);
        List<Member> replicas = new ArrayList<>();
        result.instances().forEach((key, report) -> {
            if (!key.equals(primaryKey) && report.replication().isPresent()) {
                replicas.add(observed(report));
            }
        });
        replicas.sort(Comparator.comparing(Member::key));
        return new ClusterView(cluster, epoch, primary.instance().flavor(), new Member(MemberState.ONLINE,
                primary.instance(), null), replicas, false, now);
    }

    /**
     * The same epoch and primary with fresh health: reached members are re-observed, members no longer reached
     * become UNREACHABLE with their last known description, new replicas join, and states a DBA or a recovery set
     * (maintenance, fenced, quarantined) are kept. Members keep the address the view names them by, even when
     * discovery reached them first under another.
     */
    public static ClusterView refresh(ClusterView previous, DiscoveryResult result, Instant now) {
        Member primary = result.report(previous.primaryKey())
                .map(r -> new Member(previous.primary().state(), named(r.instance(), previous.primaryKey()), null))
                .orElse(previous.primary().state().administrative() ? previous.primary()
                        : previous.primary().withState(MemberState.UNREACHABLE));
        // discovery's own address of every server the view already holds, so that an alias does not join twice
        Set<InstanceKey> known = new HashSet<>();
        known.add(result.canonical(previous.primaryKey()));
        Map<InstanceKey, Member> replicas = new TreeMap<>();
        for (Member old : previous.replicas()) {
            known.add(result.canonical(old.key()));
            Member next = result.report(old.key()).map(r -> observed(r, old.key()))
                    .orElse(new Member(MemberState.UNREACHABLE, old.instance(), old.replication()));
            replicas.put(old.key(), old.state().administrative() ? next.withState(old.state()) : next);
        }
        result.instances().forEach((key, report) -> {
            if (!known.contains(key) && report.replication().isPresent()) {
                replicas.putIfAbsent(key, observed(report, key));
            }
        });
        return new ClusterView(previous.cluster(), previous.epoch(), previous.flavor(), primary,
                List.copyOf(replicas.values()), previous.failoverInProgress(), now);
    }

    private static Member observed(InstanceReport report) {
        return observed(report, report.instance().key());
    }

    private static Member observed(InstanceReport report, InstanceKey key) {
        ReplicaStatus replication = report.replication().orElse(null);
        MemberState state = replication != null && replication.replicating() ? MemberState.ONLINE : MemberState.STOPPED;
        return new Member(state, named(report.instance(), key), replication);
    }

    /** The same observation under the address the view uses. */
    private static Instance named(Instance i, InstanceKey key) {
        return key.equals(i.key()) ? i : new Instance(key, i.flavor(), i.version(), i.serverId(), i.serverUuid(),
                i.readOnly(), i.superReadOnly(), i.gtidExecuted(), i.logBin(), i.binlogFormat(), i.logReplicaUpdates());
    }
}
