package io.tandem.failover.analysis;

import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.observer.ObserverReport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How the live observers vote on whether one instance is reachable. The leader votes with its own probe; every other
 * observer votes with its report under {@code observers/<id>} when that report is fresh and covers the instance.
 * Stale reports and observers that do not probe the instance abstain, and are named in {@link #describe()}.
 *
 * @param votes the leader's vote first
 * @param abstentions why each other observer did not vote
 */
public record ObserverQuorum(InstanceKey instance, List<Vote> votes, List<String> abstentions) {

    /** One live observer's view of the instance. */
    public record Vote(String observerId, boolean reachable, String error) {
    }

    public ObserverQuorum {
        votes = List.copyOf(votes);
        abstentions = List.copyOf(abstentions);
    }

    public static ObserverQuorum of(ClusterSnapshot snapshot, InstanceKey instance, Duration maxAge) {
        MemberProbe own = snapshot.probe(instance);
        List<Vote> votes = new ArrayList<>();
        votes.add(new Vote(snapshot.leaderId() + " (leader)", own.reachable(), own.error()));
        List<String> abstentions = new ArrayList<>();
        for (ObserverReport report : snapshot.observers()) {
            if (report.observerId().equals(snapshot.leaderId())) {
                continue;
            }
            Duration age = Duration.between(report.observedAt(), snapshot.takenAt());
            Optional<ObserverReport.Entry> entry = report.entry(instance);
            if (age.compareTo(maxAge) > 0) {
                abstentions.add(report.observerId() + " stale (" + age.toMillis() + " ms old)");
            } else if (entry.isEmpty()) {
                abstentions.add(report.observerId() + " does not probe " + instance);
            } else {
                votes.add(new Vote(report.observerId(), entry.get().reachable(), entry.get().error()));
            }
        }
        return new ObserverQuorum(instance, votes, abstentions);
    }

    public long unreachableVotes() {
        return votes.stream().filter(v -> !v.reachable()).count();
    }

    /** A strict majority of the live observers (the leader among them) cannot reach the instance. */
    public boolean agreesUnreachable() {
        return unreachableVotes() * 2 > votes.size();
    }

    /** E.g. {@code 2 of 3 live observers cannot reach db1:3306 (orch-1 (leader): timeout; proxy-1: ...)}. */
    public String describe() {
        String seen = votes.stream()
                .map(v -> v.observerId() + ": " + (v.reachable() ? "reachable" : "unreachable"
                        + (v.error() == null ? "" : " (" + v.error() + ")")))
                .collect(Collectors.joining("; "));
        String text = unreachableVotes() + " of " + votes.size() + " live observers cannot reach " + instance
                + " [" + seen + "]";
        return abstentions.isEmpty() ? text : text + ", not counted: " + String.join("; ", abstentions);
    }
}
