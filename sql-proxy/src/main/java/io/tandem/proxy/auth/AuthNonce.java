package io.tandem.proxy.auth;

import java.security.SecureRandom;

/**
 * The 20-byte scramble (auth-plugin-data) a server sends in its initial handshake and both authentication
 * plugins mix into the client's answer.
 *
 * <p>Like MySQL's {@code generate_user_salt}, every byte is in 1..127 and never {@code '$'}: clients treat the
 * nonce as a NUL-terminated string (a 0 byte would cut it short) and {@code '$'} is the field separator of
 * caching_sha2_password's stored hash format.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html">
 *     Protocol::HandshakeV10</a>
 */
public final class AuthNonce {

    /** Bytes in a nonce ({@code SCRAMBLE_LENGTH} in the server). */
    public static final int LENGTH = 20;

    /** 1..127 without '$': 126 values. */
    private static final int ALLOWED_VALUES = 126;

    private AuthNonce() {
    }

    /**
     * A fresh nonce. Drawn uniformly from the allowed bytes rather than masking and bumping as the server does,
     * which would make '%' and 0x01 twice as likely as the rest.
     */
    public static byte[] random(SecureRandom random) {
        byte[] nonce = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            int value = 1 + random.nextInt(ALLOWED_VALUES);
            nonce[i] = (byte) (value >= '$' ? value + 1 : value);
        }
        return nonce;
    }
}
