package io.tandem.monitor.commit;

import io.tandem.topology.gtid.GtidSet;

import java.util.Locale;

/**
 * One MySQL global transaction id, {@code source_uuid:sequence}: the unit the binlog monitor times and buffers.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/replication-gtids-concepts.html">GTID format and storage</a>
 */
public record Gtid(String source, long sequence) {

    public Gtid {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("a GTID needs a source uuid");
        }
        if (sequence < 1) {
            throw new IllegalArgumentException("GTID sequence numbers start at 1, got " + sequence);
        }
        source = source.toLowerCase(Locale.ROOT);
    }

    /** Reads {@code uuid:sequence}, as Debezium reports it in a record's {@code source.gtid}. */
    public static Gtid parse(String text) {
        int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not a GTID; expected UUID:SEQUENCE");
        }
        try {
            return new Gtid(text.substring(0, colon).strip(), Long.parseLong(text.substring(colon + 1).strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no numeric sequence; expected UUID:SEQUENCE", e);
        }
    }

    /** Whether {@code set} holds this transaction. */
    public boolean in(GtidSet set) {
        return set.contains(GtidSet.parse(toString()));
    }

    @Override
    public String toString() {
        return source + ":" + sequence;
    }
}
