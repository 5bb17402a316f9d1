package io.tandem.proxy.protocol.packet;

import io.tandem.proxy.protocol.Capabilities;
import io.tandem.proxy.protocol.MalformedPacketException;
import io.tandem.proxy.protocol.MySQLPacket;
import io.tandem.proxy.protocol.MySQLPayload;
import io.tandem.proxy.protocol.ServerStatus;

import java.nio.charset.StandardCharsets;

/**
 * OK_Packet, and its 0xFE-headed form that ends a result set under CLIENT_DEPRECATE_EOF. With
 * CLIENT_SESSION_TRACK the info is length-encoded and may be followed by session state changes; without it the
 * info is the rest of the packet. The proxy reads backend OKs in one form and writes them in the client's.
 *
 * @param sessionState the raw session-state-change block (CLIENT_SESSION_TRACK and SERVER_SESSION_STATE_CHANGED),
 *     or an empty array
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_ok_packet.html">OK_Packet</a>
 */
public record OkPacket(int header, long affectedRows, long lastInsertId, int statusFlags, int warnings, String info,
                       byte[] sessionState) implements MySQLPacket {

    public static final int HEADER = 0x00;
    public static final int EOF_HEADER = 0xFE;

    public OkPacket {
        info = info == null ? "" : info;
        sessionState = sessionState == null ? new byte[0] : sessionState;
    }

    /** The OK the proxy answers with itself (COM_PING, COM_QUIT's absence of reply aside, auth success …). */
    public static OkPacket plain(int statusFlags) {
        return new OkPacket(HEADER, 0, 0, statusFlags, 0, "", null);
    }

    public static OkPacket read(MySQLPayload payload, int capabilities) {
        int header = payload.readInt1();
        if (header != HEADER && header != EOF_HEADER) {
            throw new MalformedPacketException("not an OK packet: header 0x" + Integer.toHexString(header));
        }
        long affected = payload.readIntLenenc();
        long insertId = payload.readIntLenenc();
        int status = payload.readInt2();
        int warnings = payload.readInt2();
        if (!Capabilities.has(capabilities, Capabilities.SESSION_TRACK)) {
            return new OkPacket(header, affected, insertId, status, warnings, info(payload), null);
        }
        String info = payload.readableBytes() > 0 ? payload.readStringLenenc() : "";
        byte[] state = ServerStatus.has(status, ServerStatus.SESSION_STATE_CHANGED) && payload.readableBytes() > 0
                ? payload.readBytesLenenc() : null;
        return new OkPacket(header, affected, insertId, status, warnings, info, state);
    }

    /**
     * The info without session tracking. The manual calls it string&lt;EOF&gt;, but servers store it length-encoded
     * (net_store_data) and Connector/J reads it so: read a length prefix that fits exactly, else the rest.
     */
    private static String info(MySQLPayload payload) {
        if (payload.readableBytes() == 0) {
            return "";
        }
        var buf = payload.buf();
        int mark = buf.readerIndex();
        try {
            long length = payload.readIntLenenc();
            if (length == payload.readableBytes()) {
                return payload.readStringFixed((int) length);
            }
        } catch (MalformedPacketException e) {
            // not a length prefix: the text itself starts here
        }
        buf.readerIndex(mark);
        return payload.readStringEof(StandardCharsets.UTF_8);
    }

    /** Written for a peer with {@code capabilities}: session state only when it asked for CLIENT_SESSION_TRACK. */
    public void write(MySQLPayload payload, int capabilities) {
        payload.writeInt1(header).writeIntLenenc(affectedRows).writeIntLenenc(lastInsertId);
        if (!Capabilities.has(capabilities, Capabilities.SESSION_TRACK)) {
            payload.writeInt2(statusFlags & ~ServerStatus.SESSION_STATE_CHANGED).writeInt2(warnings);
            if (!info.isEmpty()) {
                // as the server writes it: length-encoded, whatever the manual says
                payload.writeStringLenenc(info);
            }
            return;
        }
        boolean state = sessionState.length > 0 && ServerStatus.has(statusFlags, ServerStatus.SESSION_STATE_CHANGED);
        payload.writeInt2(state ? statusFlags : statusFlags & ~ServerStatus.SESSION_STATE_CHANGED).writeInt2(warnings);
        if (state) {
            payload.writeStringLenenc(info).writeBytesLenenc(sessionState);
        } else if (!info.isEmpty()) {
            payload.writeStringLenenc(info);
        }
    }

    /** Written in the pre-4.1-tracking form; the proxy's own OKs carry no session state. */
    @Override
    public void write(MySQLPayload payload) {
        write(payload, 0);
    }

    /** This OK with another session-state block: SERVER_SESSION_STATE_CHANGED set when it has one, else cleared. */
    public OkPacket withSessionState(byte[] block) {
        int flags = block.length == 0 ? statusFlags & ~ServerStatus.SESSION_STATE_CHANGED
                : statusFlags | ServerStatus.SESSION_STATE_CHANGED;
        return new OkPacket(header, affectedRows, lastInsertId, flags, warnings, info, block);
    }

    public OkPacket withStatus(int flags) {
        return new OkPacket(header, affectedRows, lastInsertId, flags, warnings, info, sessionState);
    }
}
