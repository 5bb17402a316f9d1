package io.tandem.failover.analysis;

import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.ReplicaStatus;
import io.tandem.topology.view.Member;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * Picks the replica to promote: among those that may be promoted (reachable; not in maintenance, fenced or
 * quarantined; not forbidden by a rule; binary log and {@code log_replica_updates} on; no errant GTIDs; an SQL thread
 * that can still apply its relay log; lag within the bound) the one with the most advanced received GTID set. A
 * strict superset always holds more transactions, so "most transactions" orders comparable sets correctly and
 * decides between incomparable ones; ties go to a preferred replica, then to view order. Pure: the same snapshot
 * always gives the same choice.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/replication-options-binary-log.html">log_replica_updates</a>
 */
public final class CandidateSelector {

    private final AnalysisSettings settings;
    private final PromotionRules rules;

    public CandidateSelector(AnalysisSettings settings, PromotionRules rules) {
        this.settings = settings;
        this.rules = rules;
    }

    public CandidateChoice choose(ClusterSnapshot snapshot) {
        List<Member> eligible = new ArrayList<>();
        List<CandidateChoice.Exclusion> excluded = new ArrayList<>();
        for (Member replica : snapshot.replicas()) {
            List<String> reasons = exclusions(snapshot, replica);
            if (reasons.isEmpty()) {
                eligible.add(replica);
            } else {
                excluded.add(new CandidateChoice.Exclusion(replica.key(), reasons));
            }
        }
        if (eligible.isEmpty()) {
            return new CandidateChoice.Refusal(excluded);
        }
        // List.sort is stable: replicas equal on both keys stay in view order.
        eligible.sort(Comparator.comparingLong((Member m) -> snapshot.receivedOrExecuted(m).count()).reversed()
                .thenComparing(m -> !rules.preferred(m.key())));
        Member chosen = eligible.get(0);
        return new CandidateChoice.Promote(chosen.key(), reasons(snapshot, chosen, eligible), excluded);
    }

    /** Why {@code replica} may not be promoted now; empty when it may (a switchover's chosen target). */
    public List<String> exclusions(ClusterSnapshot snapshot, Member replica) {
        List<String> reasons = new ArrayList<>();
        MemberProbe probe = snapshot.probe(replica.key());
        if (!probe.reachable()) {
            reasons.add("unreachable (" + probe.error() + ")");
        }
        if (replica.state().administrative()) {
            reasons.add("state " + replica.state());
        }
        if (rules.forbidden(replica.key())) {
            reasons.add("promotion rule: never");
        }
        if (!probe.reachable()) {
            return reasons;
        }
        Instance instance = probe.instance();
        if (!instance.logBin()) {
            reasons.add("binary log off");
        }
        if (!instance.logReplicaUpdates()) {
            reasons.add("log_replica_updates off");
        }
        GtidSet errant = snapshot.errantGtids(replica);
        if (!errant.isEmpty()) {
            reasons.add("errant GTIDs " + errant);
        }
        ReplicaStatus replication = probe.replication();
        if (replication != null && !replication.sqlThreadRunning() && present(replication.lastSqlError())) {
            reasons.add("SQL thread failed, cannot apply its relay log: " + replication.lastSqlError());
        }
        OptionalLong lag = snapshot.lagMillis(replica, settings.lagSampleMaxAge());
        if (lag.isPresent() && lag.getAsLong() > settings.maxLag().toMillis()) {
            reasons.add("lag " + lag.getAsLong() + " ms exceeds the bound of " + settings.maxLag().toMillis() + " ms");
        }
        return reasons;
    }

    private List<String> reasons(ClusterSnapshot snapshot, Member chosen, List<Member> eligible) {
        GtidSet held = snapshot.receivedOrExecuted(chosen);
        List<String> reasons = new ArrayList<>();
        reasons.add("most advanced of " + eligible.size() + " eligible: " + held.count()
                + " transactions received or executed");
        if (rules.preferred(chosen.key())) {
            reasons.add("preferred by promotion rule");
        }
        OptionalLong lag = snapshot.lagMillis(chosen, settings.lagSampleMaxAge());
        reasons.add(lag.isPresent() ? "lag " + lag.getAsLong() + " ms within " + settings.maxLag().toMillis() + " ms"
                : "lag unknown");
        for (Member other : eligible.subList(1, eligible.size())) {
            GtidSet missing = snapshot.receivedOrExecuted(other).subtract(held);
            if (!missing.isEmpty()) {
                reasons.add("lacks " + missing + " that " + other.key() + " holds: salvage before promoting");
            }
        }
        return reasons;
    }

    private static boolean present(String text) {
        return text != null && !text.isBlank();
    }
}
