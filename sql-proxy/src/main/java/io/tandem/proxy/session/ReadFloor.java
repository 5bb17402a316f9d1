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

    private GtidSet floor;
    /** The last server set merged in: the same observation is not merged again. */
    private GtidSet lastMerged;

    /** The floor, or null while the session has neither written nor been served by a server the proxy observed. */
    public GtidSet get() {
        return floor;
    }

    /** The session's own write, as its OK packet reported it. */
    public void wrote(GtidSet own) {
        floor = floor == null ? own : floor.union(own);
    }

    /**
     * A server whose executed set the proxy last observed as {@code executed} answered the session. Merging it also
     * keeps the floor small: a server's set is a few intervals that swallow the session's scattered own GTIDs.
     */
    public void servedBy(GtidSet executed) {
        if (executed == null || executed == lastMerged) {
            return;
        }
        lastMerged = executed;
        floor = floor == null ? executed : floor.union(executed);
    }

    /**
     * The primary lacks part of the floor: transactions a failover lost for good, which no server will ever have.
     * The floor becomes what the primary has, or every later read would wait in vain.
     */
    public void lostTo(GtidSet primary) {
        if (floor != null && primary != null && !primary.contains(floor)) {
            floor = primary;
            lastMerged = primary;
        }
    }
}
