package io.tandem.proxy.protocol.packet;

import io.tandem.proxy.protocol.Capabilities;
import io.tandem.proxy.protocol.MalformedPacketException;
import io.tandem.proxy.protocol.MySQLPacket;
import io.tandem.proxy.protocol.MySQLPayload;

import java.util.Arrays;

/**
 * Protocol::HandshakeV10, the server's greeting: version, connection id, the 20-byte nonce split in two parts,
 * capabilities, character set, status and the default authentication plugin.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html">
 *     Protocol::HandshakeV10</a>
 */
public record HandshakeV10(String serverVersion, long connectionId, byte[] nonce, int capabilities, int characterSet,
                           int statusFlags, String authPlugin) implements MySQLPacket {

    public static final int PROTOCOL_VERSION = 10;

    public static HandshakeV10 read(MySQLPayload payload) {
        int protocol = payload.readInt1();
        if (protocol != PROTOCOL_VERSION) {
            throw new MalformedPacketException("unsupported handshake protocol version " + protocol);
        }
        String version = payload.readStringNul();
        long connectionId = payload.readInt4();
        byte[] part1 = payload.readBytes(8);
        payload.skip(1);
        int capabilities = payload.readInt2();
        int charset = payload.readInt1();
        int status = payload.readInt2();
        capabilities |= payload.readInt2() << 16;
        int authDataLength = payload.readInt1();
        payload.skip(10);
        byte[] part2 = new byte[0];
        if (Capabilities.has(capabilities, Capabilities.SECURE_CONNECTION)) {
            // 13 bytes at least, the last one a NUL that is not part of the nonce
            part2 = payload.readBytes(Math.max(13, authDataLength - 8));
            part2 = Arrays.copyOf(part2, part2.length - 1);
        }
        String plugin = Capabilities.has(capabilities, Capabilities.PLUGIN_AUTH) && payload.readableBytes() > 0
                ? new String(stripNul(payload.readBytesEof()), java.nio.charset.StandardCharsets.UTF_8)
                : "mysql_native_password";
        byte[] nonce = new byte[part1.length + part2.length];
        System.arraycopy(part1, 0, nonce, 0, part1.length);
        System.arraycopy(part2, 0, nonce, part1.length, part2.length);
        return new HandshakeV10(version, connectionId, nonce, capabilities, charset, status, plugin);
    }

    private static byte[] stripNul(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return Arrays.copyOf(bytes, end);
    }

    @Override
    public void write(MySQLPayload payload) {
        payload.writeInt1(PROTOCOL_VERSION).writeStringNul(serverVersion).writeInt4(connectionId)
                .writeBytes(Arrays.copyOfRange(nonce, 0, 8)).writeInt1(0)
                .writeInt2(capabilities & 0xFFFF).writeInt1(characterSet).writeInt2(statusFlags)
                .writeInt2(capabilities >>> 16).writeInt1(nonce.length + 1).writeZero(10)
                .writeBytes(Arrays.copyOfRange(nonce, 8, nonce.length)).writeInt1(0)
                .writeStringNul(authPlugin);
    }
}
