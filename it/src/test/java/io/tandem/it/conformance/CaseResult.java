package io.tandem.it.conformance;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of one case over one or more rounds: in how many rounds it differed, its first difference (from the
 * first round that differed) or the failure that kept it from running (a login refused, a script error), and the
 * masks its transcripts needed.
 */
record CaseResult(String name, int rounds, int differingRounds, Optional<Difference> difference,
                  Optional<String> failure, Map<MaskRule, Integer> masks) {

    /** The outcome of one round. */
    static CaseResult ofRound(String name, Optional<Difference> difference, Optional<String> failure,
                              Map<MaskRule, Integer> masks) {
        return new CaseResult(name, 1, difference.isPresent() || failure.isPresent() ? 1 : 0, difference, failure,
                masks);
    }

    /** Identical in every round. */
    boolean identical() {
        return differingRounds == 0;
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
                keepOwn ? difference : later.difference, keepOwn ? failure : later.failure, Map.copyOf(allMasks));
    }
}
