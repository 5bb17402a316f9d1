package io.tandem.topology.request;

/** What an operator (CLI, console) can ask the leading orchestrator to do. */
public enum RequestType {
    /** Put a replica in maintenance ({@code enable}) or take it out: no reads routed to it, never promoted. */
    MAINTENANCE,
    /** Switch automatic failover on or off for the whole cluster ({@code enable}); switchover stays allowed. */
    AUTO_FAILOVER,
    /** Lift the anti-flapping block: the next failover may run at once after a recent one. */
    ACKNOWLEDGE,
    /** Move the primary on purpose to {@code instance}, or to the replica a failover would choose when null. */
    SWITCHOVER,
    /** Say what a failover would do now, and why, changing nothing. */
    FAILOVER_DRY_RUN,
    /** Say what a switchover (to {@code instance}, when named) would do now, and why, changing nothing. */
    SWITCHOVER_DRY_RUN
}
