package io.tandem.proxy.auth;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyRsaKeysTest {

    private static ProxyRsaKeys generated;

    @BeforeAll
    static void generate() {
        generated = ProxyRsaKeys.generate();
    }

    @Test
    void generatesA2048BitPairWhosePemParsesBack() {
        assertThat(generated.bits()).isEqualTo(2048);
        assertThat(CachingSha2Password.parsePublicKey(generated.publicKeyPem())).isEqualTo(generated.publicKey());
    }

    @Test
    void loadsPkcs8PemAndDerivesThePublicKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("private_key.pem");
        Files.writeString(file, pem("PRIVATE KEY", generated.privateKey().getEncoded()), US_ASCII);

        ProxyRsaKeys loaded = ProxyRsaKeys.load(file);

        assertThat(loaded.publicKey()).isEqualTo(generated.publicKey());
        assertThat(loaded.publicKeyPem()).isEqualTo(generated.publicKeyPem());
        assertRoundTrip(loaded);
    }

    @Test
    void loadsPkcs1PemAsMySqlWritesIt() {
        ProxyRsaKeys loaded = ProxyRsaKeys.fromPrivateKeyPem(pem("RSA PRIVATE KEY", pkcs1Of(generated)));

        assertThat(loaded.publicKey()).isEqualTo(generated.publicKey());
        assertRoundTrip(loaded);
    }

    @Test
    void rejectsWhatIsNotAPrivateKey(@TempDir Path dir) throws Exception {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ProxyRsaKeys.fromPrivateKeyPem(generated.publicKeyPem()))
                .withMessageContaining("no '-----BEGIN PRIVATE KEY-----' line");
        Path file = dir.resolve("bad.pem");
        Files.writeString(file, pem("PRIVATE KEY", new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}), US_ASCII);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ProxyRsaKeys.load(file))
                .withMessageStartingWith(file.toString())
                .withMessageContaining("not an RSA private key");
    }

    private static void assertRoundTrip(ProxyRsaKeys keys) {
        byte[] nonce = AuthNonce.random(new SecureRandom());
        byte[] encrypted = CachingSha2Password.encryptPassword("pw".getBytes(UTF_8), nonce, keys.publicKey());
        assertThat(CachingSha2Password.decryptPassword(encrypted, nonce, keys.privateKey()))
                .isEqualTo("pw".getBytes(UTF_8));
    }

    /**
     * The PKCS#1 RSAPrivateKey inside the JDK's PKCS#8 encoding of a 2048-bit key: SEQUENCE(4) version(3)
     * algorithm(15), then the OCTET STRING header (4) before its content.
     */
    private static byte[] pkcs1Of(ProxyRsaKeys keys) {
        byte[] pkcs8 = keys.privateKey().getEncoded();
        assertThat(pkcs8[22]).as("OCTET STRING tag").isEqualTo((byte) 0x04);
        assertThat(pkcs8[23]).as("two-byte length").isEqualTo((byte) 0x82);
        int length = ((pkcs8[24] & 0xff) << 8) | (pkcs8[25] & 0xff);
        return Arrays.copyOfRange(pkcs8, 26, 26 + length);
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
