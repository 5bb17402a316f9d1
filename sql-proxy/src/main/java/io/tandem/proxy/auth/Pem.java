package io.tandem.proxy.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The textual armour (RFC 7468) around DER keys: what a MySQL server sends in answer to a public-key request
 * and what {@code openssl} writes to key files.
 */
final class Pem {

    private static final Base64.Encoder ENCODER =
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Pem() {
    }

    /** One block with 64-character lines and a final newline, as OpenSSL (and so MySQL) writes it. */
    static String encode(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + ENCODER.encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    /** The DER bytes of the first block labelled {@code label}; anything around it is ignored. */
    static byte[] decode(String text, String label) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no PEM text: expected a '-----BEGIN " + label + "-----' block");
        }
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int start = text.indexOf(begin);
        if (start < 0) {
            throw new IllegalArgumentException("not a PEM " + label + ": no '" + begin + "' line");
        }
        int stop = text.indexOf(end, start + begin.length());
        if (stop < 0) {
            throw new IllegalArgumentException("truncated PEM " + label + ": no '" + end + "' line");
        }
        String body = text.substring(start + begin.length(), stop).replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(body);
            if (der.length == 0) {
                throw new IllegalArgumentException("empty PEM " + label);
            }
            return der;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PEM " + label + " body is not valid base64: " + e.getMessage(), e);
        }
    }
}
