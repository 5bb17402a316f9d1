package io.tandem.failover.analysis;

import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.instance.Instance;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.instance.ReplicaStatus;
import io.tandem.topology.lag.LagSample;
import io.tandem.topology.observer.ObserverReport;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.Member;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything detection looks at, taken at one moment by the leader: the published view, the leader's own probe of
 * every member, the live observers' reports and the binlog monitor's lag samples. Immutable, so that the analysis
 * can be re-run on exactly the same facts after a recovery takes its lock.
 *
 * @param leaderId the leader's observer id: its own report under {@code observers/} is ignored, because its probes
 *     here are its vote
 */
public record ClusterSnapshot(ClusterView view, String leaderId, List<MemberProbe> probes,
                              List<ObserverReport> observers, List<LagSample> lag, Instant takenAt) {

    public ClusterSnapshot {
        if (view == null || leaderId == null || takenAt == null) {
            throw new IllegalArgumentException("a cluster snapshot needs a view, the leader's id and a time");
        }
        probes = List.copyOf(probes);
        observers = List.copyOf(observers);
        lag = List.copyOf(lag);
    }

    public Member primary() {
        return view.primary();
    }

    public List<Member> replicas() {
        return view.replicas();
    }

    /** The leader's probe of {@code key}; a member it did not probe this round counts as unreachable. */
    public MemberProbe probe(InstanceKey key) {
        return probes.stream().filter(p -> p.key().equals(key)).findFirst()
                .orElseGet(() -> MemberProbe.unreachable(key, "not probed in this round"));
    }

    public boolean reachable(InstanceKey key) {
        return probe(key).reachable();
    }

    /** What the member says about itself now, or the view's last word when the leader cannot reach it. */
    public Instance instance(Member member) {
        MemberProbe probe = probe(member.key());
        return probe.reachable() ? probe.instance() : member.instance();
    }

    /** The member's replication status now, or the view's last word when the leader cannot reach it. */
    public ReplicaStatus replication(Member member) {
        MemberProbe probe = probe(member.key());
        return probe.reachable() ? probe.replication() : member.replication();
    }

    /**
     * Every transaction the primary is known to have executed: the view's last word, plus what the leader's probe
     * read now if it reached the primary.
     */
    public GtidSet primaryGtids() {
        GtidSet known = primary().instance().gtidExecuted();
        MemberProbe probe = probe(primary().key());
        return probe.reachable() ? known.union(probe.instance().gtidExecuted()) : known;
    }

    /**
     * Transactions {@code member} executed that did not come from the primary: neither in the primary's known set
     * nor fetched from it into the relay log (those are newer than the view, not errant).
     */
    public GtidSet errantGtids(Member member) {
        ReplicaStatus replication = replication(member);
        GtidSet fromPrimary = replication == null ? primaryGtids() : primaryGtids().union(replication.received());
        return instance(member).gtidExecuted().subtract(fromPrimary);
    }

    /** Everything {@code member} holds or has fetched: how far it could get by applying its relay log. */
    public GtidSet receivedOrExecuted(Member member) {
        ReplicaStatus replication = replication(member);
        GtidSet executed = instance(member).gtidExecuted();
        return replication == null ? executed : executed.union(replication.received()).union(replication.executed());
    }

    /**
     * How far {@code member} is behind, in milliseconds: the binlog monitor's sample while it is fresh, else the
     * server's {@code Seconds_Behind_Source}; empty when neither is known.
     */
    public OptionalLong lagMillis(Member member, Duration sampleMaxAge) {
        Optional<LagSample> sample = lag.stream()
                .filter(s -> s.instance().equals(member.key()) && s.freshAt(takenAt, sampleMaxAge))
                .findFirst();
        if (sample.isPresent()) {
            return OptionalLong.of(sample.get().lagMillis());
        }
        ReplicaStatus replication = replication(member);
        if (replication == null || replication.secondsBehindSource() == null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(replication.secondsBehindSource() * 1000);
    }
}
