package io.tandem.proxy.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;

/**
 * The RSA key pair with which clients without TLS encrypt their password for caching_sha2_password: generated
 * at start-up, or loaded from a private key file so that clients configured with the server's public key
 * ({@code server-public-key-path}) keep working across restarts.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/caching-sha2-pluggable-authentication.html">
 *     Caching SHA-2 Pluggable Authentication</a>
 */
public final class ProxyRsaKeys {

    /** The size MySQL generates for its own {@code private_key.pem}. */
    public static final int KEY_SIZE = 2048;

    /**
     * DER prefix that wraps a PKCS#1 RSAPrivateKey (OpenSSL's "BEGIN RSA PRIVATE KEY", what MySQL writes) into
     * a PKCS#8 PrivateKeyInfo, the only private key encoding the JDK reads: version 0 and the rsaEncryption
     * algorithm identifier. The outer SEQUENCE and OCTET STRING lengths are added around it.
     */
    private static final byte[] PKCS8_RSA_HEADER = {
        0x02, 0x01, 0x00,
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
    };

    private final KeyPair keyPair;
    private final String publicKeyPem;

    private ProxyRsaKeys(KeyPair keyPair) {
        this.keyPair = keyPair;
        this.publicKeyPem = CachingSha2Password.pem(keyPair.getPublic());
    }

    /** A fresh {@value #KEY_SIZE}-bit pair; takes a few hundred milliseconds, so call it once at start-up. */
    public static ProxyRsaKeys generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(KEY_SIZE);
            return new ProxyRsaKeys(generator.generateKeyPair());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no RSA", e);
        }
    }

    /** Loads an RSA private key PEM file, PKCS#8 ("BEGIN PRIVATE KEY") or PKCS#1 ("BEGIN RSA PRIVATE KEY"). */
    public static ProxyRsaKeys load(Path privateKeyPem) {
        try {
            return fromPrivateKeyPem(Files.readString(privateKeyPem, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read RSA private key " + privateKeyPem, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(privateKeyPem + ": " + e.getMessage(), e);
        }
    }

    /** As {@link #load} from text; the public key is derived from the private one. */
    public static ProxyRsaKeys fromPrivateKeyPem(String pem) {
        byte[] pkcs8 = pem.contains("-----BEGIN RSA PRIVATE KEY-----")
                ? wrapPkcs1(Pem.decode(pem, "RSA PRIVATE KEY"))
                : Pem.decode(pem, "PRIVATE KEY");
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            if (!(privateKey instanceof RSAPrivateCrtKey crt)) {
                throw new IllegalArgumentException("RSA private key lacks its public exponent (not a CRT key)");
            }
            PublicKey publicKey = rsa.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            return new ProxyRsaKeys(new KeyPair(publicKey, privateKey));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("not an RSA private key: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no RSA", e);
        }
    }

    public PublicKey publicKey() {
        return keyPair.getPublic();
    }

    public PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    /** What the proxy sends a client that asks for the key ({@link CachingSha2Password#REQUEST_PUBLIC_KEY}). */
    public String publicKeyPem() {
        return publicKeyPem;
    }

    /** The key size in bits, for the start-up log line. */
    public int bits() {
        return ((RSAKey) keyPair.getPublic()).getModulus().bitLength();
    }

    private static byte[] wrapPkcs1(byte[] pkcs1) {
        byte[] octetString = concat(new byte[] {0x04}, derLength(pkcs1.length), pkcs1);
        byte[] body = concat(PKCS8_RSA_HEADER, octetString);
        return concat(new byte[] {0x30}, derLength(body.length), body);
    }

    /** DER definite length: short form below 128, else 0x80|n followed by n big-endian bytes. */
    private static byte[] derLength(int length) {
        if (length < 0x80) {
            return new byte[] {(byte) length};
        }
        byte[] magnitude = BigInteger.valueOf(length).toByteArray();
        int skip = magnitude[0] == 0 ? 1 : 0;
        byte[] out = new byte[1 + magnitude.length - skip];
        out[0] = (byte) (0x80 | (magnitude.length - skip));
        System.arraycopy(magnitude, skip, out, 1, magnitude.length - skip);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int total = 0;
        for (byte[] part : parts) {
            total += part.length;
        }
        byte[] out = new byte[total];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
