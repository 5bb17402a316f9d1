package io.tandem.failover.analysis;

import io.tandem.failover.analysis.Problem.Scope;
import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.ReplicaStatus;
import io.tandem.topology.instance.ReplicaStatus.IoThread;
import io.tandem.topology.view.Member;
import io.tandem.topology.view.MemberState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

import static io.tandem.failover.analysis.AnalysisCode.*;

/**
 * Detection: a pure function from a {@link ClusterSnapshot} to the problems it shows, most urgent first. Each problem
 * is one row of {@link #PROBLEMS} (code, scope, predicate, details); every row is checked and every match reported,
 * so a dead primary and an errant replica are both named. The primary is dead only when the leader cannot reach it,
 * no reachable replica's IO thread is still connected to it, and a strict majority of the live observers (the leader
 * among them) cannot reach it either; when replicas still replicate, the leader is the one cut off and only reports.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/show-replica-status.html">SHOW REPLICA STATUS</a>
 */
public final class ReplicationAnalyzer {

    static final List<Problem> PROBLEMS = List.of(
            primary(DEAD_PRIMARY, (f, m) -> f.primaryDead() && !f.replicas().isEmpty()
                    && !f.someReplicasUnreachable() && f.hasCandidate(), (f, m) -> f.deadPrimaryDetails()),
            primary(DEAD_PRIMARY_AND_SOME_REPLICAS, (f, m) -> f.primaryDead() && f.someReplicasUnreachable()
                    && !f.reachableReplicas().isEmpty() && f.hasCandidate(), (f, m) -> f.deadPrimaryDetails()),
            primary(DEAD_PRIMARY_NO_CANDIDATE, (f, m) -> f.primaryDead() && !f.reachableReplicas().isEmpty()
                    && !f.hasCandidate(), (f, m) -> f.deadPrimaryDetails()),
            primary(DEAD_PRIMARY_AND_REPLICAS, (f, m) -> f.primaryDead() && !f.replicas().isEmpty()
                    && f.reachableReplicas().isEmpty(), (f, m) -> f.deadPrimaryDetails()),
            primary(DEAD_PRIMARY_WITHOUT_REPLICAS, (f, m) -> f.primaryDead() && f.replicas().isEmpty(),
                    (f, m) -> f.deadPrimaryDetails()),
            member(FENCED_MEMBER_WRITABLE, (f, m) -> m.state() == MemberState.FENCED && reachable(f, m)
                    && instance(f, m).writable(), (f, m) -> readOnly(f, m) + "; the primary of epoch "
                    + f.snapshot().view().epoch() + " is " + f.snapshot().primary().key()),
            primary(UNREACHABLE_PRIMARY_NO_QUORUM, (f, m) -> !f.leaderReachesPrimary() && f.replicating().isEmpty()
                    && !f.quorum().agreesUnreachable(), (f, m) -> "leader: " + error(f, m) + "; replicas: "
                    + f.replicaViews() + "; " + f.quorum().describe()),
            primary(UNREACHABLE_PRIMARY_REPLICAS_OK, (f, m) -> !f.leaderReachesPrimary()
                    && !f.replicating().isEmpty(), (f, m) -> "leader: " + error(f, m) + "; still replicating: "
                    + f.replicating().stream().map(r -> r.key().toString()).collect(Collectors.joining(", "))
                    + "; " + f.quorum().describe()),
            primary(PRIMARY_READ_ONLY, (f, m) -> f.leaderReachesPrimary() && outsideFailover(f)
                    && instance(f, m).readOnly() && !instance(f, m).superReadOnly(), ReplicationAnalyzer::readOnly),
            primary(PRIMARY_SUPER_READ_ONLY, (f, m) -> f.leaderReachesPrimary() && outsideFailover(f)
                    && instance(f, m).superReadOnly(), ReplicationAnalyzer::readOnly),
            member(OLD_PRIMARY_RETURNED, (f, m) -> m.state() == MemberState.FENCED && reachable(f, m)
                    && !instance(f, m).writable(), ReplicationAnalyzer::rejoinOrQuarantine),
            member(ERRANT_GTID, (f, m) -> reachable(f, m) && !errant(f, m).isEmpty(), (f, m) -> "errant GTIDs "
                    + errant(f, m) + ": executed here, neither on primary " + f.snapshot().primary().key()
                    + " nor fetched from it"),
            member(REPLICA_WRONG_SOURCE, (f, m) -> watched(f, m) && replication(f, m) != null
                    && !f.snapshot().primary().key().equals(replication(f, m).source()),
                    (f, m) -> "replicates from " + replication(f, m).source() + ", the primary of epoch "
                    + f.snapshot().view().epoch() + " is " + f.snapshot().primary().key()),
            member(REPLICA_WRITABLE, (f, m) -> m.state() != MemberState.FENCED && outsideFailover(f)
                    && reachable(f, m) && instance(f, m).writable(), ReplicationAnalyzer::readOnly),
            member(REPLICATION_IO_ERROR, (f, m) -> watched(f, m) && f.leaderReachesPrimary()
                    && replication(f, m) != null && replication(f, m).ioThread() != IoThread.RUNNING
                    && present(replication(f, m).lastIoError()), (f, m) -> "IO thread "
                    + replication(f, m).ioThread() + ": " + replication(f, m).lastIoError()),
            member(REPLICATION_STOPPED, (f, m) -> watched(f, m) && replication(f, m) != null
                    && (!replication(f, m).sqlThreadRunning() || (replication(f, m).ioThread() == IoThread.STOPPED
                    && !present(replication(f, m).lastIoError()))), ReplicationAnalyzer::threads),
            member(LAGGING_REPLICA, (f, m) -> watched(f, m) && replication(f, m) != null
                    && replication(f, m).replicating() && lag(f, m).orElse(0) > f.settings().maxLag().toMillis(),
                    (f, m) -> "lag " + lag(f, m).orElse(0) + " ms exceeds the bound of "
                    + f.settings().maxLag().toMillis() + " ms"),
            member(UNREACHABLE_REPLICA, (f, m) -> !m.state().administrative() && !reachable(f, m),
                    (f, m) -> error(f, m)));

    private final AnalysisSettings settings;
    private final CandidateSelector selector;

    public ReplicationAnalyzer(AnalysisSettings settings, PromotionRules rules) {
        this.settings = settings;
        this.selector = new CandidateSelector(settings, rules);
    }

    /** Every problem the snapshot shows, most urgent first; within one priority in table order, then view order. */
    public List<Analysis> analyze(ClusterSnapshot snapshot) {
        ClusterFacts facts = ClusterFacts.of(snapshot, settings, selector);
        List<Analysis> found = new ArrayList<>();
        for (Problem problem : PROBLEMS) {
            List<Member> subjects = problem.scope() == Scope.PRIMARY ? List.of(snapshot.primary())
                    : snapshot.replicas();
            for (Member subject : subjects) {
                if (problem.matches().test(facts, subject)) {
                    found.add(new Analysis(problem.code(), subject.key(), problem.details().apply(facts, subject)));
                }
            }
        }
        found.sort(Comparator.comparing(Analysis::priority));
        return List.copyOf(found);
    }

    private static Problem primary(AnalysisCode code, BiPredicate<ClusterFacts, Member> matches,
                                   BiFunction<ClusterFacts, Member, String> details) {
        return new Problem(code, Scope.PRIMARY, matches, details);
    }

    private static Problem member(AnalysisCode code, BiPredicate<ClusterFacts, Member> matches,
                                  BiFunction<ClusterFacts, Member, String> details) {
        return new Problem(code, Scope.MEMBER, matches, details);
    }

    private static boolean reachable(ClusterFacts f, Member m) {
        return f.snapshot().reachable(m.key());
    }

    /** Reachable and in a state whose replication health Tandem watches (not maintenance, fenced, quarantined). */
    private static boolean watched(ClusterFacts f, Member m) {
        return !m.state().administrative() && reachable(f, m);
    }

    /** A switchover makes the old primary read-only and the candidate writable on purpose. */
    private static boolean outsideFailover(ClusterFacts f) {
        return !f.snapshot().view().failoverInProgress();
    }

    private static Instance instance(ClusterFacts f, Member m) {
        return f.snapshot().instance(m);
    }

    private static ReplicaStatus replication(ClusterFacts f, Member m) {
        return f.snapshot().replication(m);
    }

    private static GtidSet errant(ClusterFacts f, Member m) {
        return f.snapshot().errantGtids(m);
    }

    private static OptionalLong lag(ClusterFacts f, Member m) {
        return f.snapshot().lagMillis(m, f.settings().lagSampleMaxAge());
    }

    private static String error(ClusterFacts f, Member m) {
        return String.valueOf(f.snapshot().probe(m.key()).error());
    }

    private static boolean present(String text) {
        return text != null && !text.isBlank();
    }

    private static String readOnly(ClusterFacts f, Member m) {
        Instance instance = instance(f, m);
        return "read_only=" + onOff(instance.readOnly()) + ", super_read_only=" + onOff(instance.superReadOnly());
    }

    private static String threads(ClusterFacts f, Member m) {
        ReplicaStatus replication = replication(f, m);
        String error = replication.lastError();
        return "IO thread " + replication.ioThread() + ", SQL thread "
                + (replication.sqlThreadRunning() ? "running" : "stopped") + (error == null ? "" : ": " + error);
    }

    private static String rejoinOrQuarantine(ClusterFacts f, Member m) {
        GtidSet errant = errant(f, m);
        return errant.isEmpty()
                ? "read-only, its GTIDs are contained in primary " + f.snapshot().primary().key() + "'s: rejoin it"
                : "read-only, errant GTIDs " + errant + ": quarantine it";
    }

    private static String onOff(boolean on) {
        return on ? "ON" : "OFF";
    }
}
