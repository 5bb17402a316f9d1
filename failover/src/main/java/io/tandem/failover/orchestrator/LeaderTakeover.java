package io.tandem.failover.orchestrator;

import io.tandem.failover.recovery.FailoverFlag;
import io.tandem.failover.recovery.RecoveryHistory;
import io.tandem.failover.recovery.RecoveryState;
import io.tandem.topology.store.ClusterJournal;
import io.tandem.topology.store.ClusterViewStore;
import io.tandem.topology.store.JournalEvent;
import io.tandem.topology.store.VersionedView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a new leader does first: a recovery the journal shows unfinished (its leader died or lost ZooKeeper mid-run)
 * is closed as ABORTED, and a view left with {@code failoverInProgress} is released. The analyzer then starts a fresh
 * recovery if one is still needed: never two at once, never a half-trusted continuation.
 */
final class LeaderTakeover {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderTakeover.class);

    private final ClusterViewStore views;
    private final ClusterJournal journal;
    private final String actor;
    private final Clock clock;

    LeaderTakeover(ClusterViewStore views, ClusterJournal journal, String actor, Clock clock) {
        this.views = views;
        this.journal = journal;
        this.actor = actor;
        this.clock = clock;
    }

    void finishInterrupted() {
        LOG.info("orchestrator {}: now leader; checking the journal for an unfinished recovery", actor);
        Optional<JournalEvent> unfinished = new RecoveryHistory(journal.marks()).unfinished();
        unfinished.ifPresent(last -> {
            Map<String, String> details = new HashMap<>();
            details.put("recovery", last.details().get("recovery"));
            details.put("from", last.details().getOrDefault("state", "?"));
            LOG.warn("orchestrator {}: recovery {} stopped in {} under {}: aborting it", actor,
                    details.get("recovery"), details.get("from"), last.actor());
            JournalEvent aborted = new JournalEvent(clock.instant(), RecoveryState.ABORTED.eventType(), actor,
                    "leader changed mid-recovery (last step " + details.get("from") + " by " + last.actor() + ")",
                    details);
            journal.append(aborted);
            RecoveryHistory.finished(journal.marks(), aborted);
        });
        Optional<VersionedView> view = views.read();
        if (view.isPresent() && view.get().view().failoverInProgress()) {
            FailoverFlag.clear(views, journal, view.get(), actor, "new leader " + actor
                    + " found a failover in progress that no live recovery owns", clock);
        }
    }
}
