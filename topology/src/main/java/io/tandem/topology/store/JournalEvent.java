package io.tandem.topology.store;

import java.time.Instant;
import java.util.Map;

/**
 * One event of a cluster's history: a detection, a recovery step, a drill, a configuration change.
 *
 * @param type a stable upper-case code, e.g. {@code VIEW_PUBLISHED}, {@code RECOVERY_STEP}
 * @param actor who acted: a process id, a user, {@code sandbox}
 * @param details machine-readable facts (instance, epoch, timings), string-valued to stay schema-free
 */
public record JournalEvent(Instant at, String type, String actor, String message, Map<String, String> details) {

    public JournalEvent {
        if (at == null || type == null || type.isBlank()) {
            throw new IllegalArgumentException("a journal event needs a time and a type");
        }
        details = details == null ? Map.of() : Map.copyOf(details);
    }
}
