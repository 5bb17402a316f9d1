package io.tandem.proxy.protocol.packet;

import io.tandem.proxy.protocol.MySQLPacket;
import io.tandem.proxy.protocol.MySQLPayload;

/**
 * Protocol::AuthMoreData (0x01): extra authentication data from the server, e.g. caching_sha2_password's
 * fast-auth-success, perform-full-authentication, or its RSA public key.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_auth_more_data.html">
 *     Protocol::AuthMoreData</a>
 */
public record AuthMoreData(byte[] data) implements MySQLPacket {

    public static final int HEADER = 0x01;

    public static AuthMoreData read(MySQLPayload payload) {
        payload.readInt1();
        return new AuthMoreData(payload.readBytesEof());
    }

    @Override
    public void write(MySQLPayload payload) {
        payload.writeInt1(HEADER).writeBytes(data);
    }
}
