package io.tandem.proxy.observer;

import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.instance.InstanceKey;

import java.time.Instant;

/**
 * What this proxy last saw of one instance with its own probes.
 *
 * @param readOnly    {@code @@read_only} or {@code @@super_read_only} is on; {@code null} until probed
 * @param lagMillis   the published lag sample when fresh, else this observer's own estimate; {@code null} unknown
 */
public record Observation(InstanceKey key, boolean reachable, int consecutiveOk, Instant lastOk, Instant lastFailure,
                          String error, Boolean readOnly, GtidSet gtidExecuted, Long lagMillis, Instant observedAt) {
}
