package io.tandem.failover.recovery;

import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.Member;
import io.tandem.topology.view.MemberState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The views a recovery writes, built from the one it read: pure, so the shapes are tested without ZooKeeper. */
final class RecoveryViews {

    private RecoveryViews() {
    }

    /** The next epoch, same members, failover in progress: proxies hold writes and stop trusting the old primary. */
    static ClusterView holding(ClusterView view, Instant now) {
        return new ClusterView(view.cluster(), view.epoch() + 1, view.flavor(), view.primary(), view.replicas(), true,
                now);
    }

    /** The same view with the failover flag cleared, after an abort. */
    static ClusterView released(ClusterView view, Instant now) {
        return new ClusterView(view.cluster(), view.epoch(), view.flavor(), view.primary(), view.replicas(), false,
                now);
    }

    /**
     * The recovered view under the fencing epoch: {@code promoted} as the ONLINE primary, the old primary as a
     * FENCED member, every other replica as it was.
     */
    static ClusterView published(ClusterView holding, Instance promoted, Instant now) {
        InstanceKey candidate = promoted.key();
        List<Member> replicas = new ArrayList<>();
        for (Member replica : holding.replicas()) {
            if (!replica.key().equals(candidate)) {
                replicas.add(replica);
            }
        }
        Member old = holding.primary();
        replicas.add(new Member(MemberState.FENCED, old.instance(), null));
        replicas.sort((a, b) -> a.key().compareTo(b.key()));
        return new ClusterView(holding.cluster(), holding.epoch(), holding.flavor(),
                new Member(MemberState.ONLINE, promoted, null), replicas, false, now);
    }

    /**
     * After a switchover, under the epoch that held writes: {@code promoted} the ONLINE primary, the old primary an
     * ONLINE replica of it (it had every transaction), every other replica as it was.
     */
    static ClusterView switched(ClusterView holding, Instance promoted, Instance oldPrimary, Instant now) {
        List<Member> replicas = new ArrayList<>();
        for (Member replica : holding.replicas()) {
            if (!replica.key().equals(promoted.key())) {
                replicas.add(replica);
            }
        }
        replicas.add(new Member(MemberState.ONLINE, oldPrimary, null));
        replicas.sort((a, b) -> a.key().compareTo(b.key()));
        return new ClusterView(holding.cluster(), holding.epoch(), holding.flavor(),
                new Member(MemberState.ONLINE, promoted, null), replicas, false, now);
    }

    /** The same epoch and primary with {@code next} in place of the replica of the same address (rejoin, quarantine). */
    static ClusterView replacing(ClusterView view, Member next, Instant now) {
        List<Member> replicas = new ArrayList<>();
        for (Member replica : view.replicas()) {
            replicas.add(replica.key().equals(next.key()) ? next : replica);
        }
        return new ClusterView(view.cluster(), view.epoch(), view.flavor(), view.primary(), replicas,
                view.failoverInProgress(), now);
    }
}
