package io.tandem.monitor.lag;

import io.tandem.monitor.commit.CommitLog;
import io.tandem.monitor.commit.Gtid;
import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Replica lag from GTIDs: now minus the commit time of the oldest primary transaction the replica has not executed,
 * and the number of such transactions. Pure: everything it needs is passed in.
 *
 * <p>When that transaction's own time is not in the commit log (it arrived at the monitor a few milliseconds after
 * the primary reported it, or it was a transaction without row events), the latest logged transaction of the same
 * source before it stands in: it committed no later, so the lag is overestimated by at most the gap between the two,
 * which is the safe side for read routing. When the log holds nothing of that source at or before it (older than the
 * log), the oldest logged commit stands in and the lag is a lower bound. Either way the result is marked inexact.
 */
public final class LagCalculator {

    /**
     * The lag of a replica that executed {@code replicaExecuted}, measured at {@code nowMicros}; empty when the
     * replica lacks transactions but the commit log has no time at all to measure them by.
     */
    public Optional<Lag> lag(GtidSet primaryExecuted, GtidSet replicaExecuted, CommitLog commits, long nowMicros) {
        if (primaryExecuted.flavor().filter(f -> f != Flavor.MYSQL).isPresent()) {
            throw new IllegalArgumentException("lag from commit times needs MySQL GTIDs, got " + primaryExecuted);
        }
        GtidSet missing = primaryExecuted.subtract(replicaExecuted);
        if (missing.isEmpty()) {
            return Optional.of(Lag.CAUGHT_UP);
        }
        long oldest = Long.MAX_VALUE;
        boolean exact = true;
        for (Gtid first : GtidSources.first(missing)) {
            OptionalLong own = commits.commitMicros(first);
            OptionalLong time = own.isPresent() ? own : commits.commitMicrosAtOrBefore(first);
            if (time.isEmpty()) {
                time = commits.oldestMicros();
            }
            if (time.isEmpty()) {
                return Optional.empty();
            }
            exact &= own.isPresent();
            oldest = Math.min(oldest, time.getAsLong());
        }
        long millis = Math.max(0, (nowMicros - oldest) / 1000);
        return Optional.of(new Lag(millis, missing.count(), exact));
    }
}
