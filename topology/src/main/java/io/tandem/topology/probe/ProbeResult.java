package io.tandem.topology.probe;

import io.tandem.topology.gtid.GtidSet;

/**
 * What one cheap health probe read from a server.
 *
 * @param readOnly {@code @@read_only OR @@super_read_only}: whether ordinary accounts are refused writes
 * @param gtidExecuted {@code @@gtid_executed} on MySQL, {@code @@gtid_current_pos} on MariaDB
 */
public record ProbeResult(boolean readOnly, GtidSet gtidExecuted) {

    public ProbeResult {
        if (gtidExecuted == null) {
            throw new IllegalArgumentException("a probe result needs a GTID set (the empty set when none)");
        }
    }
}
