package io.tandem.failover.salvage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * One event of a MySQL binary log file, kept as its raw bytes (header, body and checksum) so that it can be handed
 * back to a server unchanged in a {@code BINLOG} statement, with readers for the few bodies salvage needs: the GTID,
 * previous-GTIDs and query events. Layouts are those of binlog version 4 (MySQL 5.6 and later).
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_replication_binlog_event.html">Binlog
 *     events</a>
 */
record BinlogEvent(byte[] bytes) {

    static final int HEADER_LENGTH = 19;
    static final int QUERY = 2;
    static final int FORMAT_DESCRIPTION = 15;
    static final int XID = 16;
    static final int TABLE_MAP = 19;
    static final int GTID = 33;
    static final int PREVIOUS_GTIDS = 35;
    static final int TRANSACTION_PAYLOAD = 40;

    private static final int TYPE_OFFSET = 4;
    private static final int SIZE_OFFSET = 9;
    private static final int CHECKSUM_LENGTH = 4;
    private static final int QUERY_POST_HEADER = 13;

    BinlogEvent {
        if (bytes.length < HEADER_LENGTH) {
            throw new IllegalArgumentException("a binlog event has at least a 19-byte header, got " + bytes.length);
        }
    }

    int type() {
        return bytes[TYPE_OFFSET] & 0xff;
    }

    /** The event's length as its header states it, read from the first bytes of an event. */
    static long declaredSize(byte[] header) {
        return Integer.toUnsignedLong(little(header).getInt(SIZE_OFFSET));
    }

    /**
     * Row events a {@code BINLOG} statement applies: write, update and delete rows (v1 and v2) and partial JSON
     * updates. Table maps precede them and are replayed with them.
     */
    boolean isRows() {
        int type = type();
        return (type >= 23 && type <= 25) || (type >= 30 && type <= 32) || type == 39;
    }

    /** The transaction's GTID as {@code uuid:gno}, of a GTID event. */
    String gtid() {
        requireType(GTID);
        ByteBuffer body = little(bytes).position(HEADER_LENGTH + 1);
        return uuid(body) + ":" + body.getLong();
    }

    /**
     * The GTID set a file started after, of its previous-GTIDs event, in MySQL's text form
     * ({@code uuid:1-5:7,uuid2:1-3}); intervals are stored with an exclusive end.
     */
    String previousGtids() {
        requireType(PREVIOUS_GTIDS);
        ByteBuffer body = little(bytes).position(HEADER_LENGTH);
        long sources = body.getLong();
        StringBuilder text = new StringBuilder();
        for (long s = 0; s < sources; s++) {
            text.append(s == 0 ? "" : ",").append(uuid(body));
            long intervals = body.getLong();
            for (long i = 0; i < intervals; i++) {
                long start = body.getLong();
                long end = body.getLong() - 1;
                text.append(':').append(start).append(start == end ? "" : "-" + end);
            }
        }
        return text.toString();
    }

    /** The statement of a query event ({@code BEGIN}, {@code COMMIT}, a DDL statement). */
    String query(boolean checksummed) {
        requireType(QUERY);
        ByteBuffer header = little(bytes);
        int dbLength = header.get(HEADER_LENGTH + 8) & 0xff;
        int statusLength = header.getShort(HEADER_LENGTH + 11) & 0xffff;
        int start = HEADER_LENGTH + QUERY_POST_HEADER + statusLength + dbLength + 1;
        int end = bytes.length - (checksummed ? CHECKSUM_LENGTH : 0);
        return new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }

    /** The default database of a query event, empty when none was selected. */
    String queryDatabase() {
        requireType(QUERY);
        ByteBuffer header = little(bytes);
        int dbLength = header.get(HEADER_LENGTH + 8) & 0xff;
        int statusLength = header.getShort(HEADER_LENGTH + 11) & 0xffff;
        int start = HEADER_LENGTH + QUERY_POST_HEADER + statusLength;
        return new String(bytes, start, dbLength, StandardCharsets.UTF_8);
    }

    /** Whether the events after a format description event end in a CRC32 checksum (its last byte but four). */
    boolean announcesChecksums() {
        requireType(FORMAT_DESCRIPTION);
        return bytes[bytes.length - CHECKSUM_LENGTH - 1] == 1;
    }

    private void requireType(int expected) {
        if (type() != expected) {
            throw new IllegalStateException("binlog event of type " + type() + " read as type " + expected);
        }
    }

    private static String uuid(ByteBuffer body) {
        byte[] sid = new byte[16];
        body.get(sid);
        String hex = HexFormat.of().formatHex(sid);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    private static ByteBuffer little(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
