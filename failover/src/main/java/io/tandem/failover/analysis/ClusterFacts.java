package io.tandem.failover.analysis;

import io.tandem.topology.instance.ReplicaStatus;
import io.tandem.topology.instance.ReplicaStatus.IoThread;
import io.tandem.topology.view.Member;
import io.tandem.topology.view.MemberState;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What one snapshot says about the primary, worked out once so that each problem's predicate stays one line: who can
 * reach it, which replicas still replicate from it, how the observers vote, and whom a failover would promote.
 *
 * @param replicas the replicas that take part in replication: fenced and quarantined members do not
 */
record ClusterFacts(ClusterSnapshot snapshot, AnalysisSettings settings, boolean leaderReachesPrimary,
                    List<Member> replicas, List<Member> reachableReplicas, List<Member> replicating,
                    ObserverQuorum quorum, CandidateChoice choice) {

    static ClusterFacts of(ClusterSnapshot snapshot, AnalysisSettings settings, CandidateSelector selector) {
        List<Member> replicas = snapshot.replicas().stream()
                .filter(m -> m.state() != MemberState.FENCED && m.state() != MemberState.QUARANTINED)
                .toList();
        List<Member> reachable = replicas.stream().filter(m -> snapshot.reachable(m.key())).toList();
        List<Member> replicating = reachable.stream().filter(m -> stillReplicates(snapshot, m)).toList();
        return new ClusterFacts(snapshot, settings, snapshot.reachable(snapshot.primary().key()), replicas,
                reachable, replicating,
                ObserverQuorum.of(snapshot, snapshot.primary().key(), settings.observerMaxAge()),
                selector.choose(snapshot));
    }

    /** The replica's IO thread is connected to the view's primary: the primary is alive for it. */
    private static boolean stillReplicates(ClusterSnapshot snapshot, Member replica) {
        ReplicaStatus replication = snapshot.replication(replica);
        return replication != null && replication.ioThread() == IoThread.RUNNING
                && snapshot.primary().key().equals(replication.source());
    }

    /** The leader cannot reach the primary, no reachable replica replicates from it, and a quorum agrees. */
    boolean primaryDead() {
        return !leaderReachesPrimary && replicating.isEmpty() && quorum.agreesUnreachable();
    }

    boolean someReplicasUnreachable() {
        return reachableReplicas.size() < replicas.size();
    }

    boolean hasCandidate() {
        return choice instanceof CandidateChoice.Promote;
    }

    /** The facts behind a dead-primary verdict, in the order a DBA checks them. */
    String deadPrimaryDetails() {
        return "leader: " + snapshot.probe(snapshot.primary().key()).error()
                + "; replicas: " + replicaViews()
                + "; " + quorum.describe()
                + "; " + describeChoice();
    }

    /** What each replica says of its source, e.g. {@code db2:3306 CONNECTING (error connecting to source …)}. */
    String replicaViews() {
        if (replicas.isEmpty()) {
            return "none";
        }
        return replicas.stream().map(this::replicaView).collect(Collectors.joining(", "));
    }

    private String replicaView(Member replica) {
        MemberProbe probe = snapshot.probe(replica.key());
        if (!probe.reachable()) {
            return replica.key() + " unreachable (" + probe.error() + ")";
        }
        ReplicaStatus replication = probe.replication();
        if (replication == null) {
            return replica.key() + " not replicating";
        }
        String error = replication.lastIoError() == null || replication.lastIoError().isBlank() ? ""
                : " (" + replication.lastIoError() + ")";
        return replica.key() + " IO " + replication.ioThread() + " from " + replication.source() + error;
    }

    String describeChoice() {
        if (choice instanceof CandidateChoice.Refusal refusal) {
            return refusal.describe();
        }
        CandidateChoice.Promote promote = (CandidateChoice.Promote) choice;
        String text = "candidate " + promote.candidate() + " (" + String.join(", ", promote.reasons()) + ")";
        return promote.excluded().isEmpty() ? text : text + "; excluded: " + promote.excluded().stream()
                .map(CandidateChoice.Exclusion::toString).collect(Collectors.joining("; "));
    }
}
