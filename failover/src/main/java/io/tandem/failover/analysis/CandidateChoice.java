package io.tandem.failover.analysis;

import io.tandem.topology.instance.InstanceKey;

import java.util.List;
import java.util.stream.Collectors;

/** What {@link CandidateSelector} decided: one replica to promote, or a refusal that says why each was excluded. */
public sealed interface CandidateChoice {

    /** Every replica that may not be promoted, with all its reasons, in view order. */
    List<Exclusion> excluded();

    /** One replica that may not be promoted, and every reason why (errant GTIDs named exactly). */
    record Exclusion(InstanceKey replica, List<String> reasons) {

        public Exclusion {
            reasons = List.copyOf(reasons);
        }

        @Override
        public String toString() {
            return replica + ": " + String.join(", ", reasons);
        }
    }

    /** Promote {@code candidate}, for the reasons given. */
    record Promote(InstanceKey candidate, List<String> reasons, List<Exclusion> excluded) implements CandidateChoice {

        public Promote {
            reasons = List.copyOf(reasons);
            excluded = List.copyOf(excluded);
        }
    }

    /** No replica may be promoted. */
    record Refusal(List<Exclusion> excluded) implements CandidateChoice {

        public Refusal {
            excluded = List.copyOf(excluded);
        }

        /** E.g. {@code no replica may be promoted: db2:3306: errant GTIDs …; db3:3306: unreachable (…)}. */
        public String describe() {
            if (excluded.isEmpty()) {
                return "no replica may be promoted: the cluster has no replica";
            }
            return "no replica may be promoted: "
                    + excluded.stream().map(Exclusion::toString).collect(Collectors.joining("; "));
        }
    }
}
