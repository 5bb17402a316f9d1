package io.tandem.it.conformance;

import java.util.Arrays;

/**
 * What a server's HandshakeV10 says that a login needs. The greeting itself is never compared: the proxy and the
 * server legitimately differ in connection id, nonce and capabilities.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html">
 *     Protocol::HandshakeV10</a>
 */
record Greeting(String serverVersion, long connectionId, long capabilities, byte[] nonce, String authPlugin) {

    static Greeting parse(Packet packet) {
        if (packet.header() != 10) {
            throw new IllegalStateException("expected a HandshakeV10 greeting, got " + packet);
        }
        PayloadReader p = new PayloadReader(packet.payload(), 1);
        String version = p.nulString();
        long connectionId = p.int4();
        byte[] part1 = p.bytes(8);
        p.int1();
        long capabilities = p.int2();
        p.int1();
        p.int2();
        capabilities |= (long) p.int2() << 16;
        int authDataLength = p.int1();
        p.bytes(10);
        byte[] part2 = p.bytes(Math.max(13, authDataLength - 8) - 1);
        p.int1();
        String plugin = p.hasMore() ? p.nulString() : "mysql_native_password";
        byte[] nonce = Arrays.copyOf(part1, part1.length + part2.length);
        System.arraycopy(part2, 0, nonce, part1.length, part2.length);
        return new Greeting(version, connectionId, capabilities, nonce, plugin);
    }
}
