package io.tandem.it.conformance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of one case over one or more rounds: in how many rounds it differed, its first difference (from the
 * first round that differed) or the failure that kept it from running (a login refused, a script error), or why it
 * was skipped (the server does not offer what the case's profile needs, so there is nothing to compare against);
 * what the connections ran over (the direct pass's, then the proxied pass's when it ran); and the masks its
 * transcripts needed.
 */
record CaseResult(String name, int rounds, int differingRounds, Optional<Difference> difference,
                  Optional<String> failure, Optional<String> skipped, List<Transport> transports,
                  Map<MaskRule, Integer> masks) {

    /** The outcome of one round. */
    static CaseResult ofRound(String name, Optional<Difference> difference, Optional<String> failure,
                              List<Transport> transports, Map<MaskRule, Integer> masks) {
        return new CaseResult(name, 1, difference.isPresent() || failure.isPresent() ? 1 : 0, difference, failure,
                Optional.empty(), List.copyOf(transports), masks);
    }

    /** A round that compared nothing, for {@code reason}: never identical, never different. */
    static CaseResult skipped(String name, String reason, Transport direct) {
        return new CaseResult(name, 1, 0, Optional.empty(), Optional.empty(), Optional.of(reason), List.of(direct),
                Map.of());
    }

    /** Identical in every round (a skipped case is not). */
    boolean identical() {
        return differingRounds == 0 && skipped.isEmpty();
    }

    /** Different in some rounds only: the outcome depends on something the script does not control. */
    boolean flaky() {
        return differingRounds > 0 && differingRounds < rounds;
    }

    /** This case's result with a later round's added. */
    CaseResult and(CaseResult later) {
        Map<MaskRule, Integer> allMasks = new HashMap<>(masks);
        later.masks.forEach((rule, count) -> allMasks.merge(rule, count, Integer::sum));
        boolean keepOwn = differingRounds > 0;
        return new CaseResult(name, rounds + later.rounds, differingRounds + later.differingRounds,
                keepOwn ? difference : later.difference, keepOwn ? failure : later.failure,
                skipped.or(later::skipped), transports, Map.copyOf(allMasks));
    }
}
