package io.tandem.proxy.protocol.packet;

import io.tandem.proxy.protocol.MalformedPacketException;
import io.tandem.proxy.protocol.MySQLPacket;
import io.tandem.proxy.protocol.MySQLPayload;
import io.tandem.proxy.protocol.ServerError;

import java.nio.charset.StandardCharsets;

/**
 * ERR_Packet: an error code, a SQLSTATE and a message. Every error the proxy itself raises is built here, from a
 * {@link ServerError}.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_err_packet.html">ERR_Packet</a>
 */
public record ErrPacket(int errorCode, String sqlState, String message) implements MySQLPacket {

    public static final int HEADER = 0xFF;

    public static ErrPacket of(ServerError error, String message) {
        return new ErrPacket(error.code(), error.sqlState(), message);
    }

    /** Reads an ERR packet (protocol 4.1: with SQLSTATE marker). */
    public static ErrPacket read(MySQLPayload payload) {
        int header = payload.readInt1();
        if (header != HEADER) {
            throw new MalformedPacketException("not an ERR packet: header 0x" + Integer.toHexString(header));
        }
        int code = payload.readInt2();
        String state = "HY000";
        if (payload.readableBytes() > 0 && payload.buf().getByte(payload.buf().readerIndex()) == '#') {
            payload.skip(1);
            state = payload.readStringFixed(5);
        }
        return new ErrPacket(code, state, payload.readStringEof(StandardCharsets.UTF_8));
    }

    @Override
    public void write(MySQLPayload payload) {
        payload.writeInt1(HEADER).writeInt2(errorCode).writeInt1('#').writeStringEof(sqlState).writeStringEof(message);
    }

    @Override
    public String toString() {
        return "ERROR " + errorCode + " (" + sqlState + "): " + message;
    }
}
