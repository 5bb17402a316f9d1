package io.tandem.proxy.session;

import io.tandem.topology.gtid.GtidSet;

/**
 * The least a server must have executed to serve one session's next read, so that the session reads its own
 * writes and its reads never go back in time: the GTIDs of its own writes (each OK packet reports the write's
 * own GTID), plus what the proxy last knew each server that answered it had executed. That knowledge comes from
 * the proxy's probes, so it is a lower bound of what the session really saw, never more than the server had.
 * Owned by one session, on its event loop.
 */
public final class ReadFloor {

    /**
     * How long the session's own writes outlive a {@link #lostTo}: a probe of the primary (every 250 ms) can predate a
     * write the session just made, and a failover that really lost it costs at most reads on the primary this long.
     */
    static final long RECENT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

    private final java.util.function.LongSupplier clock;
    private GtidSet floor;
    /** The session's own writes since {@link #recentSince}, which no stale probe of the primary may drop. */
    private GtidSet recentOwn;
    private long recentSince;
    /** The last server set merged in: the same observation is not merged again. */
    private GtidSet lastMerged;
    private GtidSet lastPrimary;

    public ReadFloor() {
        this(System::nanoTime);
    }

    /** @param clock nanoseconds, as {@link System#nanoTime()} */
    ReadFloor(java.util.function.LongSupplier clock) {
        this.clock = clock;
    }

    /** The floor, or null while the session has neither written nor been served by a server the proxy observed. */
    public GtidSet get() {
        return floor;
    }

    /** The session's own write, as its OK packet reported it. */
    public void wrote(GtidSet own) {
        floor = floor == null ? own : floor.union(own);
        long now = clock.getAsLong();
        if (recentOwn == null || now - recentSince > RECENT_NANOS) {
            recentOwn = own;
            recentSince = now;
        } else {
            recentOwn = recentOwn.union(own);
        }
    }

    /**
     * A server whose executed set the proxy last observed as {@code executed} answered the session, in a cluster
     * whose primary it last observed as {@code primary}. Only the primary's history counts: a replica's own
     * transactions (errant ones, or written there before replication began) are nothing another server will ever
     * apply. Merging also keeps the floor small: a server's set is a few intervals that swallow the session's
     * scattered own GTIDs.
     */
    public void servedBy(GtidSet executed, GtidSet primary) {
        if (executed == null || (executed == lastMerged && primary == lastPrimary)) {
            return;
        }
        lastMerged = executed;
        lastPrimary = primary;
        GtidSet history = primary == null || executed == primary ? executed : executed.intersect(primary);
        floor = floor == null ? history : floor.union(history);
    }

    /**
     * The primary, as the proxy last observed it, lacks part of the floor: transactions a failover lost for good,
     * which no server will ever have, so the floor becomes what the primary has, or every later read would wait in
     * vain. But not the session's recent own writes: the observation can be older than a write the primary just
     * committed, and dropping it would let the next read go to a replica that has not applied it.
     */
    public void lostTo(GtidSet primary) {
        if (floor != null && primary != null && !primary.contains(floor)) {
            boolean recent = recentOwn != null && clock.getAsLong() - recentSince <= RECENT_NANOS;
            floor = recent ? primary.union(recentOwn) : primary;
            lastMerged = primary;
            lastPrimary = primary;
        }
    }
}
