package io.tandem.failover.recovery;

import io.tandem.failover.analysis.CandidateChoice;
import io.tandem.failover.analysis.ClusterSnapshot;
import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.request.ClusterSettings;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.Member;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds a {@link RecoveryPlan} from a fresh snapshot with the same rules the recoveries use (the candidate selector,
 * anti-flapping, the cluster settings), so that what a dry-run says is what the recovery would do. Pure but for the
 * history it is given.
 */
public final class DryRun {

    private final RecoveryContext ctx;

    public DryRun(RecoveryContext ctx) {
        this.ctx = ctx;
    }

    /**
     * The plan of {@code kind} (FAILOVER or SWITCHOVER) for {@code snapshot} of {@code view}; {@code target} is a
     * switchover's requested replica (null: the selector's choice).
     */
    public RecoveryPlan plan(RecoveryKind kind, ClusterView view, ClusterSnapshot snapshot, InstanceKey target,
                             ClusterSettings settings, RecoveryHistory history, Instant now) {
        List<String> blocked = new ArrayList<>();
        if (view.failoverInProgress()) {
            blocked.add("a failover is in progress (epoch " + view.epoch() + ")");
        }
        history.unfinished().ifPresent(step -> blocked.add("recovery " + step.details().get("recovery")
                + " has not ended (last step " + step.type() + ")"));
        boolean primaryReachable = snapshot.reachable(view.primaryKey());
        if (kind == RecoveryKind.FAILOVER) {
            if (!settings.autoFailover()) {
                blocked.add("automatic failover is off (tandem auto-failover on)");
            }
            Duration window = ctx.settings().antiFlapping();
            history.blockingResolution(window, now).ifPresent(resolved -> blocked.add("anti-flapping: the last"
                    + " recovery resolved at " + resolved + ", within the " + window.toMinutes() + " min window"
                    + " (tandem acknowledge lifts it)"));
            if (primaryReachable) {
                blocked.add("the primary " + view.primaryKey() + " answers: no failover while it lives (a switchover"
                        + " moves it)");
            }
        } else if (!primaryReachable) {
            blocked.add("the primary " + view.primaryKey() + " is unreachable: that takes a failover");
        }
        CandidateChoice choice = ctx.selector().choose(snapshot);
        List<RecoveryPlan.Excluded> excluded = new ArrayList<>();
        for (CandidateChoice.Exclusion exclusion : choice.excluded()) {
            excluded.add(new RecoveryPlan.Excluded(exclusion.replica().toString(), exclusion.reasons()));
        }
        String candidate = null;
        List<String> reasons = List.of();
        if (target != null) {
            Optional<Member> member = view.replicas().stream().filter(m -> m.key().equals(target)).findFirst();
            if (member.isEmpty()) {
                blocked.add("unknown replica " + target);
            } else {
                List<String> why = ctx.selector().exclusions(snapshot, member.get());
                if (why.isEmpty()) {
                    candidate = target.toString();
                    reasons = List.of("named by the operator");
                } else {
                    blocked.add(target + " cannot be promoted: " + String.join(", ", why));
                }
            }
        } else if (choice instanceof CandidateChoice.Promote promote) {
            candidate = promote.candidate().toString();
            reasons = promote.reasons();
        }
        String lose = "";
        if (candidate != null) {
            Member chosen = view.member(InstanceKey.parse(candidate)).orElseThrow();
            GtidSet missing = snapshot.primaryGtids().subtract(snapshot.receivedOrExecuted(chosen));
            // a switchover waits for the candidate to apply all of it: nothing is lost
            lose = kind == RecoveryKind.FAILOVER && !missing.isEmpty() ? missing.toString() : "";
        }
        return new RecoveryPlan(kind, view.primaryKey().toString(), candidate, reasons, excluded, lose, blocked);
    }
}
