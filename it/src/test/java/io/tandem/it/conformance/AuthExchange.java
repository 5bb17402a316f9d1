package io.tandem.it.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rest of an authentication once the client has answered the greeting (or sent COM_CHANGE_USER): auth
 * switch requests, caching_sha2_password's fast-auth and full-auth rounds (the password itself over TLS, else
 * encrypted with the server's RSA key, which the client asks for), until OK or ERR.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html">Connection
 *     phase</a>
 */
final class AuthExchange {

    private static final int MAX_ROUNDS = 6;

    private AuthExchange() {
    }

    /** Every packet the server sent until its final OK or ERR (the last one of the list). */
    static List<Packet> complete(PacketChannel channel, String plugin, String password, byte[] nonce)
            throws IOException {
        List<Packet> received = new ArrayList<>();
        String currentPlugin = plugin;
        byte[] currentNonce = nonce;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Packet packet = channel.read();
            received.add(packet);
            switch (packet.header()) {
                case 0x00, 0xFF -> {
                    return received;
                }
                case 0xFE -> {
                    PayloadReader p = new PayloadReader(packet.payload(), 1);
                    currentPlugin = p.nulString();
                    byte[] data = p.bytes(p.remaining());
                    currentNonce = data.length > 0 && data[data.length - 1] == 0
                            ? Arrays.copyOf(data, data.length - 1) : data;
                    channel.write(AuthResponse.scramble(currentPlugin, password, currentNonce));
                }
                case 0x01 -> moreData(channel, packet, password, currentNonce);
                default -> throw new IllegalStateException("unexpected packet during authentication: " + packet);
            }
        }
        throw new IllegalStateException("authentication did not end after " + MAX_ROUNDS + " rounds: " + received);
    }

    private static void moreData(PacketChannel channel, Packet packet, String password, byte[] nonce)
            throws IOException {
        byte[] payload = packet.payload();
        if (payload.length == 2 && payload[1] == 3) {
            return; // fast authentication succeeded: the OK follows
        }
        if (payload.length == 2 && payload[1] == 4 && channel.secure()) {
            // full authentication over TLS: the password itself, NUL-terminated, as libmysqlclient sends it
            channel.write((password + "\0").getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (payload.length == 2 && payload[1] == 4) {
            channel.write(new byte[] {2}); // full authentication without TLS: ask for the server's public key
            return;
        }
        String pem = new String(payload, 1, payload.length - 1, StandardCharsets.US_ASCII);
        channel.write(AuthResponse.rsaEncrypted(password, nonce, pem));
    }
}
