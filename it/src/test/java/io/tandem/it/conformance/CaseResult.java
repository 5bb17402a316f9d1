package io.tandem.it.conformance;

import java.util.Map;
import java.util.Optional;

/**
 * The outcome of one case: identical, or its first difference, or the failure that kept it from running (a
 * login refused, a script error), with the masks its transcripts needed.
 */
record CaseResult(String name, Optional<Difference> difference, Optional<String> failure, Map<MaskRule, Integer> masks) {

    boolean identical() {
        return difference.isEmpty() && failure.isEmpty();
    }
}
