package io.tandem.failover.orchestrator;

import io.tandem.failover.analysis.Analysis;
import io.tandem.topology.store.ClusterJournal;
import io.tandem.topology.store.JournalEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Journals each analysis once, when it first appears (by code and subject: its details change with every GTID),
 * and once more when it clears, instead of on every tick.
 */
final class AnalysisJournal {

    static final String DETECTED = "ANALYSIS";
    static final String CLEARED = "ANALYSIS_CLEARED";
    private static final Logger LOG = LoggerFactory.getLogger(AnalysisJournal.class);

    private final ClusterJournal journal;
    private final String actor;
    private final Clock clock;
    private Set<String> current = Set.of();

    AnalysisJournal(ClusterJournal journal, String actor, Clock clock) {
        this.journal = journal;
        this.actor = actor;
        this.clock = clock;
    }

    void record(List<Analysis> analyses) {
        Set<String> seen = new HashSet<>();
        for (Analysis analysis : analyses) {
            String key = key(analysis);
            seen.add(key);
            if (!current.contains(key)) {
                LOG.info("analysis: {}", analysis);
                journal.appendInBackground(new JournalEvent(clock.instant(), DETECTED, actor, analysis.toString(),
                        Map.of("code", analysis.code().name(), "subject", analysis.subject().toString(),
                                "priority", analysis.priority().name())));
            }
        }
        for (String gone : current) {
            if (!seen.contains(gone)) {
                LOG.info("analysis cleared: {}", gone);
                journal.appendInBackground(new JournalEvent(clock.instant(), CLEARED, actor, gone + " no longer seen",
                        Map.of()));
            }
        }
        current = Set.copyOf(seen);
    }

    /** Forget what was journaled, so that a new leader journals the problems it inherits. */
    void reset() {
        current = Set.of();
    }

    private static String key(Analysis analysis) {
        return analysis.code() + " " + analysis.subject();
    }
}
