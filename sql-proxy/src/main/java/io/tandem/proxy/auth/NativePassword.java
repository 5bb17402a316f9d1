package io.tandem.proxy.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * mysql_native_password: the client proves it knows SHA1(password) without sending it, and the server needs to
 * keep only SHA1(SHA1(password)).
 *
 * <p>An empty password is answered with an empty response and stored as an empty hash, as MySQL does.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_authentication_methods_native_password_authentication.html">
 *     Native Authentication</a>
 */
public final class NativePassword {

    public static final String PLUGIN_NAME = "mysql_native_password";

    /** Bytes in a SHA-1 digest, hence in a response and in a stored hash. */
    public static final int HASH_LENGTH = 20;

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private NativePassword() {
    }

    /** Client side: SHA1(password) XOR SHA1(nonce || SHA1(SHA1(password))). */
    public static byte[] scramble(byte[] password, byte[] nonce) {
        if (password.length == 0) {
            return new byte[0];
        }
        byte[] stage1 = sha1(password);
        MessageDigest sha1 = newSha1();
        sha1.update(nonce);
        sha1.update(sha1(stage1));
        return xor(stage1, sha1.digest());
    }

    /** What the server keeps: SHA1(SHA1(password)), or nothing for an empty password. */
    public static byte[] storedHash(byte[] password) {
        return password.length == 0 ? new byte[0] : sha1(sha1(password));
    }

    /** Convenience for configuration holding the password as text; MySQL hashes the UTF-8 bytes. */
    public static byte[] storedHash(String password) {
        return storedHash(password.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Server side: recovers SHA1(password) = response XOR SHA1(nonce || storedHash) and checks that its SHA-1 is
     * the stored hash. The comparison is constant-time so the answer leaks nothing about how close a guess was.
     */
    public static boolean verify(byte[] response, byte[] storedHash, byte[] nonce) {
        if (storedHash.length == 0) {
            return response.length == 0;
        }
        if (storedHash.length != HASH_LENGTH) {
            throw new IllegalArgumentException(
                    "a mysql_native_password hash has " + HASH_LENGTH + " bytes, not " + storedHash.length);
        }
        if (response.length != HASH_LENGTH) {
            return false;
        }
        MessageDigest sha1 = newSha1();
        sha1.update(nonce);
        sha1.update(storedHash);
        byte[] candidateStage1 = xor(response, sha1.digest());
        return MessageDigest.isEqual(sha1(candidateStage1), storedHash);
    }

    /**
     * Reads the form {@code mysql.user.authentication_string} shows, {@code *} and 40 hex digits (either case);
     * the empty string is a user without a password.
     */
    public static byte[] parseStoredHash(String text) {
        if (text.isEmpty()) {
            return new byte[0];
        }
        // The hash is not echoed: it is as good as the password against this very plugin.
        if (text.length() != 1 + 2 * HASH_LENGTH || text.charAt(0) != '*') {
            throw new IllegalArgumentException("a mysql_native_password hash is '*' followed by "
                    + 2 * HASH_LENGTH + " hex digits (got " + text.length() + " characters)");
        }
        try {
            return HEX.parseHex(text.substring(1).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a mysql_native_password hash is '*' followed by "
                    + 2 * HASH_LENGTH + " hex digits (found a character that is not a hex digit)", e);
        }
    }

    /** The inverse of {@link #parseStoredHash}: {@code *} and 40 upper-case hex digits, as MySQL prints it. */
    public static String formatStoredHash(byte[] storedHash) {
        return storedHash.length == 0 ? "" : "*" + HEX.formatHex(storedHash);
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    private static byte[] sha1(byte[] input) {
        return newSha1().digest(input);
    }

    private static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-1 (MessageDigest's Javadoc), so this is a broken JDK.
            throw new IllegalStateException("this JDK has no SHA-1", e);
        }
    }
}
