package io.tandem.failover.analysis;

/**
 * Every problem the {@link ReplicationAnalyzer} can name, with how urgent it is. Which ones Tandem acts on by itself,
 * and with which recovery, is decided in one place, {@code io.tandem.failover.recovery.RecoveryPlanner}; the others
 * are only reported (journaled, shown in the console).
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/replication-administration-status.html">Checking replication
 *     status</a>
 */
public enum AnalysisCode {

    DEAD_PRIMARY(Priority.CRITICAL,
            "the leader, every replica and a quorum of live observers lost the primary; a candidate may be promoted"),
    DEAD_PRIMARY_AND_SOME_REPLICAS(Priority.CRITICAL,
            "the primary is dead and some replicas are unreachable too; a reachable candidate may be promoted"),
    DEAD_PRIMARY_NO_CANDIDATE(Priority.CRITICAL,
            "the primary is dead but no reachable replica may be promoted (errant GTIDs, rules, lag, settings)"),
    DEAD_PRIMARY_AND_REPLICAS(Priority.CRITICAL,
            "the primary is dead and every replica is unreachable too: nothing to promote"),
    DEAD_PRIMARY_WITHOUT_REPLICAS(Priority.CRITICAL,
            "the primary is dead and the cluster has no replica to promote"),
    FENCED_MEMBER_WRITABLE(Priority.CRITICAL,
            "a fenced former primary is reachable and accepts writes: it must be made read-only again"),
    UNREACHABLE_PRIMARY_NO_QUORUM(Priority.HIGH,
            "the leader and the replicas lost the primary but a quorum of live observers does not agree"),
    UNREACHABLE_PRIMARY_REPLICAS_OK(Priority.HIGH,
            "the leader cannot reach the primary but replicas still replicate from it: a network problem, no action"),
    PRIMARY_READ_ONLY(Priority.HIGH,
            "the primary has read_only=ON outside a failover: proxies refuse to send it writes"),
    PRIMARY_SUPER_READ_ONLY(Priority.HIGH,
            "the primary has super_read_only=ON outside a failover: it looks fenced, a DBA decides"),
    OLD_PRIMARY_RETURNED(Priority.HIGH,
            "a fenced former primary is reachable and read-only: rejoin it as a replica or quarantine it"),
    ERRANT_GTID(Priority.MEDIUM,
            "a replica executed transactions the primary does not have (errant GTIDs)"),
    REPLICA_WRONG_SOURCE(Priority.MEDIUM,
            "a replica replicates from another server than the view's primary"),
    REPLICA_WRITABLE(Priority.MEDIUM,
            "a replica accepts writes from ordinary accounts (read_only=OFF)"),
    REPLICATION_IO_ERROR(Priority.MEDIUM,
            "a replica's IO thread cannot fetch from a primary the leader reaches"),
    REPLICATION_STOPPED(Priority.MEDIUM,
            "a replica's SQL thread is stopped, or its IO thread was stopped without an error"),
    LAGGING_REPLICA(Priority.LOW,
            "a replicating replica is further behind than the lag bound"),
    UNREACHABLE_REPLICA(Priority.LOW,
            "the leader cannot reach a replica");

    /** Urgency, most urgent first; analyses are reported in this order. */
    public enum Priority {
        CRITICAL,
        HIGH,
        MEDIUM,
        LOW
    }

    private final Priority priority;
    private final String description;

    AnalysisCode(Priority priority, String description) {
        this.priority = priority;
        this.description = description;
    }

    public Priority priority() {
        return priority;
    }

    public String description() {
        return description;
    }
}
