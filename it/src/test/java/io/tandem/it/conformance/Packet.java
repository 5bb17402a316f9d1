package io.tandem.it.conformance;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One MySQL packet as framed on the wire: its sequence id and payload (a payload of 16 MiB or more arrives as
 * several packets, each kept as it came).
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html">MySQL packets</a>
 */
record Packet(int sequenceId, byte[] payload) {

    /** The byte a payload starts with, 0-255, or -1 for an empty payload. */
    int header() {
        return payload.length == 0 ? -1 : payload[0] & 0xFF;
    }

    boolean isErr() {
        return header() == 0xFF;
    }

    boolean isOk() {
        return header() == 0x00;
    }

    /** An EOF packet, or (with CLIENT_DEPRECATE_EOF) the OK packet with an 0xFE header that ends rows. */
    boolean isTerminator() {
        return header() == 0xFE && payload.length < 0xFFFFFF;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Packet p && p.sequenceId == sequenceId && Arrays.equals(p.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * sequenceId + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "#" + sequenceId + " " + HexFormat.of().formatHex(payload);
    }
}
