package io.tandem.proxy.protocol.packet;

import io.tandem.proxy.protocol.Capabilities;
import io.tandem.proxy.protocol.MySQLPayload;

/**
 * COM_CHANGE_USER: log in again as another user (or the same, to reset the session) on the same connection.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_change_user.html">COM_CHANGE_USER</a>
 */
public record ChangeUserRequest(String user, byte[] authResponse, String database, int characterSet,
                                String authPlugin) {

    public static ChangeUserRequest read(MySQLPayload payload, int capabilities, int currentCharacterSet) {
        payload.readInt1();
        String user = payload.readStringNul();
        byte[] auth = Capabilities.has(capabilities, Capabilities.SECURE_CONNECTION)
                ? payload.readBytes(payload.readInt1()) : payload.readBytesNul();
        String database = payload.readableBytes() > 0 ? payload.readStringNul() : "";
        int charset = payload.readableBytes() >= 2 ? payload.readInt2() : currentCharacterSet;
        String plugin = Capabilities.has(capabilities, Capabilities.PLUGIN_AUTH) && payload.readableBytes() > 0
                ? payload.readStringNul() : null;
        return new ChangeUserRequest(user, auth, database.isEmpty() ? null : database, charset, plugin);
    }
}
