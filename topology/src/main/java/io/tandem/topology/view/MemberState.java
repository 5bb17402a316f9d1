package io.tandem.topology.view;

/**
 * Where a replica stands for routing and promotion. Health states (ONLINE, LAGGING, STOPPED, UNREACHABLE) come from
 * observation; MAINTENANCE, FENCED and QUARANTINED are set by a DBA or a recovery and survive re-observation.
 */
public enum MemberState {
    /** Replicating, within the lag bound: may serve reads and be promoted. */
    ONLINE,
    /** Replicating but behind the lag bound: no reads. */
    LAGGING,
    /** A replication thread is stopped or failed: its data may be arbitrarily old. */
    STOPPED,
    /** The last probe could not reach it. */
    UNREACHABLE,
    /** Taken out by a DBA: no reads, never promoted. */
    MAINTENANCE,
    /** A former primary made read-only by a recovery. */
    FENCED,
    /** Holds transactions the primary does not (errant GTIDs): never promoted or rejoined automatically. */
    QUARANTINED;

    /** States a DBA or a recovery decided, which an observation must not overwrite. */
    public boolean administrative() {
        return this == MAINTENANCE || this == FENCED || this == QUARANTINED;
    }
}
