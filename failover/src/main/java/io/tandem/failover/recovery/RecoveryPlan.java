package io.tandem.failover.recovery;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a failover or switchover would do now, and why, without doing it ({@code tandem failover --dry-run},
 * {@code tandem switchover --dry-run}): the candidate and the reasons for it, every other replica and why not, the
 * transactions that would be lost, and the guards that would stop it now.
 *
 * @param candidate the replica that would be promoted, or null when none may be
 * @param wouldLose transactions only the primary holds (a failover loses them unless salvage finds them); empty
 *     when nothing would be lost
 * @param blockedBy what would refuse the recovery now (empty: it would run)
 */
public record RecoveryPlan(RecoveryKind kind, String primary, String candidate, List<String> candidateReasons,
                           List<Excluded> excluded, String wouldLose, List<String> blockedBy) {

    /** A replica that would not be promoted, with every reason. */
    public record Excluded(String replica, List<String> reasons) {

        public Excluded {
            reasons = List.copyOf(reasons);
        }
    }

    public RecoveryPlan {
        candidateReasons = List.copyOf(candidateReasons);
        excluded = List.copyOf(excluded);
        blockedBy = List.copyOf(blockedBy);
    }

    /** Whether the recovery would run now. */
    public boolean wouldRun() {
        return candidate != null && blockedBy.isEmpty();
    }

    /** The plan in words, one fact per line, for the CLI and the journal. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(kind.label()).append(" plan for primary ").append(primary).append(": ")
                .append(wouldRun() ? "it would run now" : "it would not run now").append('\n');
        if (candidate != null) {
            text.append("  promote ").append(candidate).append(": ").append(String.join("; ", candidateReasons))
                    .append('\n');
        } else {
            text.append("  no replica may be promoted\n");
        }
        for (Excluded other : excluded) {
            text.append("  not ").append(other.replica()).append(": ").append(String.join("; ", other.reasons()))
                    .append('\n');
        }
        text.append("  would lose: ").append(wouldLose.isEmpty() ? "nothing" : wouldLose
                + " (only the primary holds them; salvage replays what it can read)").append('\n');
        text.append(blockedBy.isEmpty() ? "  nothing would stop it"
                : blockedBy.stream().map(b -> "  stopped by: " + b).collect(Collectors.joining("\n")));
        return text.toString();
    }
}
