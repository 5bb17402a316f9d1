package io.tandem.proxy.protocol.packet;

import io.tandem.proxy.protocol.Capabilities;
import io.tandem.proxy.protocol.MalformedPacketException;
import io.tandem.proxy.protocol.MySQLPacket;
import io.tandem.proxy.protocol.MySQLPayload;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Protocol::HandshakeResponse41, the client's answer to the greeting: its capabilities, user, auth response,
 * optional schema, plugin and connection attributes. A 32-byte payload is an SSLRequest: the client wants TLS
 * first and sends the full response over it.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_response.html">
 *     Protocol::HandshakeResponse</a>
 */
public record HandshakeResponse41(int capabilities, long maxPacketSize, int characterSet, String user,
                                  byte[] authResponse, String database, String authPlugin,
                                  Map<String, String> attributes) implements MySQLPacket {

    public static final int SSL_REQUEST_LENGTH = 32;

    public HandshakeResponse41 {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        authResponse = authResponse == null ? new byte[0] : authResponse;
    }

    /** Reads the fixed 32-byte prefix shared with SSLRequest: capabilities, max packet, character set. */
    public static HandshakeResponse41 readSslRequest(MySQLPayload payload) {
        int capabilities = (int) payload.readInt4();
        if (!Capabilities.has(capabilities, Capabilities.PROTOCOL_41)) {
            throw new MalformedPacketException("client does not speak protocol 4.1 (CLIENT_PROTOCOL_41 unset)");
        }
        long maxPacket = payload.readInt4();
        int charset = payload.readInt1();
        payload.skip(23);
        return new HandshakeResponse41(capabilities, maxPacket, charset, null, null, null, null, null);
    }

    public static HandshakeResponse41 read(MySQLPayload payload) {
        HandshakeResponse41 prefix = readSslRequest(payload);
        int caps = prefix.capabilities;
        String user = payload.readStringNul();
        byte[] auth;
        if (Capabilities.has(caps, Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA)) {
            auth = payload.readBytesLenenc();
        } else {
            auth = payload.readBytes(payload.readInt1());
        }
        String database = Capabilities.has(caps, Capabilities.CONNECT_WITH_DB) && payload.readableBytes() > 0
                ? payload.readStringNul() : null;
        String plugin = Capabilities.has(caps, Capabilities.PLUGIN_AUTH) && payload.readableBytes() > 0
                ? payload.readStringNul() : null;
        Map<String, String> attributes = new LinkedHashMap<>();
        if (Capabilities.has(caps, Capabilities.CONNECT_ATTRS) && payload.readableBytes() > 0) {
            long length = payload.readIntLenenc();
            if (length < 0 || length > payload.readableBytes()) {
                throw new MalformedPacketException("connection attributes longer than the packet");
            }
            int end = payload.readableBytes() - (int) length;
            while (payload.readableBytes() > end) {
                attributes.put(payload.readStringLenenc(), payload.readStringLenenc());
            }
        }
        return new HandshakeResponse41(caps, prefix.maxPacketSize, prefix.characterSet, user, auth,
                database == null || database.isEmpty() ? null : database, plugin, attributes);
    }

    /** The SSLRequest: just the fixed 32-byte prefix, with CLIENT_SSL set. */
    public void writeSslRequest(MySQLPayload payload) {
        payload.writeInt4(capabilities | Capabilities.SSL).writeInt4(maxPacketSize).writeInt1(characterSet)
                .writeZero(23);
    }

    @Override
    public void write(MySQLPayload payload) {
        // CONNECT_WITH_DB follows the schema: set without one, the server would take the plugin name for it
        int caps = capabilities & ~Capabilities.CONNECT_WITH_DB | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA
                | (database != null ? Capabilities.CONNECT_WITH_DB : 0);
        payload.writeInt4(caps).writeInt4(maxPacketSize).writeInt1(characterSet).writeZero(23)
                .writeStringNul(user).writeBytesLenenc(authResponse);
        if (database != null) {
            payload.writeStringNul(database);
        }
        if (Capabilities.has(caps, Capabilities.PLUGIN_AUTH)) {
            payload.writeStringNul(authPlugin == null ? "" : authPlugin);
        }
        if (Capabilities.has(caps, Capabilities.CONNECT_ATTRS)) {
            var attrs = new MySQLPayload(io.netty.buffer.Unpooled.buffer());
            attributes.forEach((k, v) -> attrs.writeStringLenenc(k).writeStringLenenc(v));
            payload.writeIntLenenc(attrs.readableBytes());
            payload.buf().writeBytes(attrs.buf());
            attrs.buf().release();
        }
    }
}
