package io.tandem.proxy.auth;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;

/**
 * caching_sha2_password: a SHA-256 scramble for the fast path, and for full authentication either the clear
 * password over TLS or, without TLS, the password XOR the nonce encrypted with the server's RSA public key.
 *
 * <p>The proxy knows each user's clear password from its configuration, so it verifies the fast path by
 * recomputing the client's scramble instead of keeping the server's SHA-256 cache.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_caching_sha2_authentication_exchanges.html">
 *     Caching_sha2_password information</a>
 */
public final class CachingSha2Password {

    public static final String PLUGIN_NAME = "caching_sha2_password";

    /** Bytes in a SHA-256 digest, hence in a fast-path response. */
    public static final int SCRAMBLE_LENGTH = 32;

    // Single-byte protocol values of the exchange. The server sends the last two inside an AuthMoreData packet
    // (0x01 header); the client sends the first one alone, instead of a password, to ask for the public key.
    /** Client to server: send me your RSA public key. */
    public static final byte REQUEST_PUBLIC_KEY = 0x02;
    /** Server to client: the scramble matched the cache; an OK packet follows. */
    public static final byte FAST_AUTH_SUCCESS = 0x03;
    /** Server to client: no cache entry; send the password (clear over TLS, RSA-encrypted otherwise). */
    public static final byte PERFORM_FULL_AUTHENTICATION = 0x04;

    /** The padding MySQL 8.0.5 and later use for this exchange (earlier servers used PKCS#1 v1.5). */
    public static final String RSA_TRANSFORMATION = "RSA/ECB/OAEPWithSHA-1AndMGF1Padding";

    private static final String PEM_LABEL = "PUBLIC KEY";

    private CachingSha2Password() {
    }

    /** Client fast path: SHA256(password) XOR SHA256(SHA256(SHA256(password)) || nonce); empty for no password. */
    public static byte[] scramble(byte[] password, byte[] nonce) {
        if (password.length == 0) {
            return new byte[0];
        }
        byte[] stage1 = sha256(password);
        MessageDigest sha256 = newSha256();
        sha256.update(sha256(stage1));
        sha256.update(nonce);
        byte[] mask = sha256.digest();
        for (int i = 0; i < mask.length; i++) {
            mask[i] ^= stage1[i];
        }
        return mask;
    }

    /** Server fast path: recomputes the scramble from the configured password and compares in constant time. */
    public static boolean verifyFast(byte[] response, byte[] password, byte[] nonce) {
        return MessageDigest.isEqual(scramble(password, nonce), response);
    }

    /**
     * Server full path: compares a password received in clear (over TLS, or from {@link #decryptPassword})
     * without its NUL terminator, in constant time.
     */
    public static boolean verifyFull(byte[] clearPassword, byte[] password) {
        return MessageDigest.isEqual(clearPassword, password);
    }

    /**
     * Client full path without TLS: RSA-OAEP over (password || 0x00) XOR the nonce repeated. The XOR binds the
     * ciphertext to this handshake, so a captured one cannot be replayed on another connection.
     */
    public static byte[] encryptPassword(byte[] password, byte[] nonce, PublicKey serverKey) {
        byte[] plain = xorWithNonce(Arrays.copyOf(password, password.length + 1), nonce);
        try {
            Cipher cipher = Cipher.getInstance(RSA_TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, serverKey);
            return cipher.doFinal(plain);
        } catch (IllegalBlockSizeException e) {
            throw new IllegalArgumentException("password of " + password.length
                    + " bytes is too long for RSA encryption with this key", e);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("not an RSA public key: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot do " + RSA_TRANSFORMATION, e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * Server full path without TLS: the inverse of {@link #encryptPassword}, returning the password without its
     * NUL terminator. A ciphertext made with another key, or not ending in NUL once unmasked, is a client
     * mistake and raises {@link IllegalArgumentException}.
     */
    public static byte[] decryptPassword(byte[] encrypted, byte[] nonce, PrivateKey key) {
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance(RSA_TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key);
            plain = xorWithNonce(cipher.doFinal(encrypted), nonce);
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            throw new IllegalArgumentException("RSA-encrypted password cannot be decrypted with the proxy's key "
                    + "(was it encrypted with another server's public key?)", e);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("not an RSA private key: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot do " + RSA_TRANSFORMATION, e);
        }
        try {
            if (plain.length == 0 || plain[plain.length - 1] != 0) {
                throw new IllegalArgumentException("RSA-decrypted password is not NUL-terminated (wrong nonce?)");
            }
            return Arrays.copyOf(plain, plain.length - 1);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Reads the X.509 SubjectPublicKeyInfo PEM ({@code -----BEGIN PUBLIC KEY-----}) a MySQL server sends. */
    public static PublicKey parsePublicKey(String pem) {
        byte[] der = Pem.decode(pem, PEM_LABEL);
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("PEM PUBLIC KEY is not an RSA SubjectPublicKeyInfo: "
                    + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no RSA", e);
        }
    }

    /** The PEM the proxy sends in answer to {@link #REQUEST_PUBLIC_KEY}, in the form MySQL servers send. */
    public static String pem(PublicKey key) {
        return Pem.encode(PEM_LABEL, key.getEncoded());
    }

    private static byte[] xorWithNonce(byte[] input, byte[] nonce) {
        if (nonce.length == 0) {
            throw new IllegalArgumentException("empty nonce");
        }
        for (int i = 0; i < input.length; i++) {
            input[i] ^= nonce[i % nonce.length];
        }
        return input;
    }

    private static byte[] sha256(byte[] input) {
        return newSha256().digest(input);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest's Javadoc), so this is a broken JDK.
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}
