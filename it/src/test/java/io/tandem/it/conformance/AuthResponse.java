package io.tandem.it.conformance;

import javax.crypto.Cipher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * A password's answer to a server's nonce for the two plugins MySQL and MariaDB offer by default, and the RSA
 * answer caching_sha2_password's full authentication wants over a connection without TLS.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_caching_sha2_authentication_exchanges.html">
 *     caching_sha2_password exchanges</a>
 */
final class AuthResponse {

    static final String NATIVE = "mysql_native_password";
    static final String CACHING_SHA2 = "caching_sha2_password";

    private AuthResponse() {
    }

    /** The scramble {@code plugin} expects; an empty password answers with nothing. */
    static byte[] scramble(String plugin, String password, byte[] nonce) {
        if (password.isEmpty()) {
            return new byte[0];
        }
        return switch (plugin) {
            case NATIVE -> xor(sha("SHA-1", password.getBytes(StandardCharsets.UTF_8)),
                    sha("SHA-1", nonce, sha("SHA-1", sha("SHA-1", password.getBytes(StandardCharsets.UTF_8)))));
            case CACHING_SHA2 -> {
                byte[] stage1 = sha("SHA-256", password.getBytes(StandardCharsets.UTF_8));
                yield xor(stage1, sha("SHA-256", sha("SHA-256", stage1), nonce));
            }
            default -> throw new IllegalStateException("authentication plugin not supported by the harness: " + plugin);
        };
    }

    /** The password (NUL-terminated, XOR the nonce) encrypted with the server's RSA key in PEM form. */
    static byte[] rsaEncrypted(String password, byte[] nonce, String pem) {
        byte[] clear = (password + "\0").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < clear.length; i++) {
            clear[i] ^= nonce[i % nonce.length];
        }
        try {
            String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
            cipher.init(Cipher.ENCRYPT_MODE, key);
            return cipher.doFinal(clear);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt the password with the server's key", e);
        }
    }

    private static byte[] sha(String algorithm, byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}
