package io.tandem.failover.analysis;

import io.tandem.topology.view.Member;

import java.util.function.BiFunction;
import java.util.function.BiPredicate;

/**
 * One row of the {@link ReplicationAnalyzer} table: a code, which members it is checked against, when it matches and
 * how to put the facts behind it into words.
 */
record Problem(AnalysisCode code, Scope scope, BiPredicate<ClusterFacts, Member> matches,
               BiFunction<ClusterFacts, Member, String> details) {

    /** Which members a row is checked against. */
    enum Scope {
        /** Once per snapshot, about the view's primary. */
        PRIMARY,
        /** Once for each other member of the view, in view order. */
        MEMBER
    }

    AnalysisCode.Priority priority() {
        return code.priority();
    }
}
