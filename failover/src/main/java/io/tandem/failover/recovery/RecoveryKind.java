package io.tandem.failover.recovery;

/**
 * The recoveries Tandem runs: for a problem the analyzer found ({@link #FAILOVER}, {@link #REJOIN}), or because an
 * operator or a schedule asked ({@link #SWITCHOVER}, {@link #DRILL}). Each is guarded the same way (leadership and the
 * cluster lock before every side effect, the world re-checked under the lock), journaled, and counted in
 * {@code tandem.failover.recoveries{kind,result}}.
 */
public enum RecoveryKind {
    /** A dead primary: the most advanced eligible replica is promoted. */
    FAILOVER,
    /** A fenced former primary answers again: it rejoins under the current primary, or is quarantined. */
    REJOIN,
    /** A planned move of the primary to a healthy replica. */
    SWITCHOVER,
    /** A failover or switchover run on purpose, under a probe workload, to prove it works. */
    DRILL;

    /** The name in metrics and the journal: {@code failover}, {@code rejoin}, … */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
