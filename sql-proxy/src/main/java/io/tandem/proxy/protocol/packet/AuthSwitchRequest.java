package io.tandem.proxy.protocol.packet;

import io.tandem.proxy.protocol.MySQLPacket;
import io.tandem.proxy.protocol.MySQLPayload;

import java.util.Arrays;

/**
 * Protocol::AuthSwitchRequest (0xFE): the server asks the client to authenticate with another plugin and a fresh
 * nonce.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_auth_switch_request.html">
 *     Protocol::AuthSwitchRequest</a>
 */
public record AuthSwitchRequest(String plugin, byte[] data) implements MySQLPacket {

    public static final int HEADER = 0xFE;

    public static AuthSwitchRequest read(MySQLPayload payload) {
        payload.readInt1();
        String plugin = payload.readStringNul();
        byte[] data = payload.readBytesEof();
        // the nonce is sent NUL-terminated
        if (data.length > 0 && data[data.length - 1] == 0) {
            data = Arrays.copyOf(data, data.length - 1);
        }
        return new AuthSwitchRequest(plugin, data);
    }

    @Override
    public void write(MySQLPayload payload) {
        payload.writeInt1(HEADER).writeStringNul(plugin).writeBytes(data).writeInt1(0);
    }
}
