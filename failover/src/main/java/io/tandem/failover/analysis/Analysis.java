package io.tandem.failover.analysis;

import io.tandem.topology.instance.InstanceKey;

/**
 * One problem found in one snapshot: what it is, which server it is about, and the facts behind it in words a DBA
 * reads in the journal (the errant GTID set, which observers saw what, why no replica may be promoted).
 *
 * @param subject the server the problem is about; the primary for cluster-wide problems
 */
public record Analysis(AnalysisCode code, InstanceKey subject, String details) {

    public Analysis {
        if (code == null || subject == null || details == null) {
            throw new IllegalArgumentException("an analysis needs a code, a subject and details");
        }
    }

    public AnalysisCode.Priority priority() {
        return code.priority();
    }

    @Override
    public String toString() {
        return code + " " + subject + ": " + details;
    }
}
