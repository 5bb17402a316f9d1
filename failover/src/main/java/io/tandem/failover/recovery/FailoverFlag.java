package io.tandem.failover.recovery;

import io.tandem.topology.store.ClusterJournal;
import io.tandem.topology.store.ClusterViewStore;
import io.tandem.topology.store.CoordinationException;
import io.tandem.topology.store.JournalEvent;
import io.tandem.topology.store.StaleViewException;
import io.tandem.topology.store.VersionedView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;

/**
 * Clears {@code failoverInProgress} after a recovery that set it ended without publishing, so that proxies stop
 * holding writes. Compare-and-set only: a view someone changed since is left alone (its writer owns the flag).
 */
public final class FailoverFlag {

    public static final String CLEARED = "FAILOVER_FLAG_CLEARED";
    private static final Logger LOG = LoggerFactory.getLogger(FailoverFlag.class);

    private FailoverFlag() {
    }

    /** @return true when the flag was cleared by this call */
    public static boolean clear(ClusterViewStore views, ClusterJournal journal, VersionedView expected, String actor,
                                String why, Clock clock) {
        if (!expected.view().failoverInProgress()) {
            return false;
        }
        try {
            views.compareAndSet(expected, RecoveryViews.released(expected.view(), clock.instant()));
        } catch (StaleViewException | CoordinationException e) {
            LOG.warn("cluster {}: could not clear failoverInProgress of epoch {}: {}", expected.view().cluster(),
                    expected.view().epoch(), e.getMessage());
            return false;
        }
        LOG.info("cluster {}: cleared failoverInProgress of epoch {} ({})", expected.view().cluster(),
                expected.view().epoch(), why);
        journal.append(new JournalEvent(clock.instant(), CLEARED, actor, "failoverInProgress cleared on epoch "
                + expected.view().epoch() + ": " + why + "; proxies stop holding writes",
                Map.of("epoch", Long.toString(expected.view().epoch()))));
        return true;
    }
}
