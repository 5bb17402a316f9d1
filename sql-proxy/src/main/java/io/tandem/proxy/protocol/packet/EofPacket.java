package io.tandem.proxy.protocol.packet;

import io.tandem.proxy.protocol.MalformedPacketException;
import io.tandem.proxy.protocol.MySQLPacket;
import io.tandem.proxy.protocol.MySQLPayload;

/**
 * EOF_Packet (without CLIENT_DEPRECATE_EOF): ends column definitions and rows.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_eof_packet.html">EOF_Packet</a>
 */
public record EofPacket(int warnings, int statusFlags) implements MySQLPacket {

    public static final int HEADER = 0xFE;

    /** An EOF is a 0xFE packet shorter than 9 bytes; a longer 0xFE packet is an OK or a row. */
    public static boolean is(int firstByte, int length) {
        return firstByte == HEADER && length < 9;
    }

    public static EofPacket read(MySQLPayload payload) {
        int header = payload.readInt1();
        if (header != HEADER) {
            throw new MalformedPacketException("not an EOF packet: header 0x" + Integer.toHexString(header));
        }
        return new EofPacket(payload.readInt2(), payload.readInt2());
    }

    @Override
    public void write(MySQLPayload payload) {
        payload.writeInt1(HEADER).writeInt2(warnings).writeInt2(statusFlags);
    }
}
