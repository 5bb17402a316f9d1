package io.tandem.proxy.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.mysql.cj.protocol.ExportControlled;
import com.mysql.cj.protocol.Security;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import javax.crypto.Cipher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CachingSha2PasswordTest {

    private static ProxyRsaKeys keys;
    private final SecureRandom random = new SecureRandom();

    @BeforeAll
    static void generateKeys() {
        keys = ProxyRsaKeys.generate();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "password", "s3cr3t with spaces", "pässwörd ☃", "a-rather-long-password-"
            + "that-goes-on-and-on-for-well-over-sixty-four-bytes-to-cross-a-sha256-block-boundary"})
    void scrambleMatchesConnectorJ(String password) throws Exception {
        for (int i = 0; i < 20; i++) {
            byte[] nonce = AuthNonce.random(random);
            byte[] ours = CachingSha2Password.scramble(password.getBytes(UTF_8), nonce);
            assertThat(ours).isEqualTo(Security.scrambleCachingSha2(password.getBytes(UTF_8), nonce)).hasSize(32);
        }
    }

    @Test
    void verifyFastAcceptsOnlyTheRightPassword() throws Exception {
        byte[] nonce = AuthNonce.random(random);
        byte[] password = "s3cret".getBytes(UTF_8);
        byte[] right = Security.scrambleCachingSha2(password, nonce);

        assertThat(CachingSha2Password.verifyFast(right, password, nonce)).isTrue();
        assertThat(CachingSha2Password.verifyFast(right, "s3creT".getBytes(UTF_8), nonce)).isFalse();
        assertThat(CachingSha2Password.verifyFast(Arrays.copyOf(right, 31), password, nonce)).isFalse();
        assertThat(CachingSha2Password.verifyFast(new byte[0], password, nonce)).isFalse();
        assertThat(CachingSha2Password.verifyFast(right, password, AuthNonce.random(random))).isFalse();
    }

    @Test
    void emptyPasswordIsAnEmptyResponse() {
        byte[] nonce = AuthNonce.random(random);
        assertThat(CachingSha2Password.scramble(new byte[0], nonce)).isEmpty();
        assertThat(CachingSha2Password.verifyFast(new byte[0], new byte[0], nonce)).isTrue();
        assertThat(CachingSha2Password.verifyFast(new byte[32], new byte[0], nonce)).isFalse();
    }

    @Test
    void verifyFullComparesClearPasswords() {
        assertThat(CachingSha2Password.verifyFull("pw".getBytes(UTF_8), "pw".getBytes(UTF_8))).isTrue();
        assertThat(CachingSha2Password.verifyFull("pw".getBytes(UTF_8), "pw2".getBytes(UTF_8))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "password", "a-password-longer-than-the-twenty-byte-nonce-so-it-wraps ☃"})
    void connectorJEncryptsWithOurPemAndWeDecrypt(String password) throws Exception {
        byte[] nonce = AuthNonce.random(random);
        // What Connector/J's CachingSha2PasswordPlugin sends: (password || 0) XOR the seed, RSA-OAEP encrypted.
        byte[] plain = Arrays.copyOf(password.getBytes(UTF_8), password.getBytes(UTF_8).length + 1);
        byte[] masked = new byte[plain.length];
        Security.xorString(plain, masked, nonce, plain.length);
        RSAPublicKey theirView = ExportControlled.decodeRSAPublicKey(keys.publicKeyPem());
        byte[] encrypted = ExportControlled.encryptWithRSAPublicKey(masked, theirView,
                "RSA/ECB/OAEPWithSHA-1AndMGF1Padding");

        assertThat(CachingSha2Password.decryptPassword(encrypted, nonce, keys.privateKey()))
                .isEqualTo(password.getBytes(UTF_8));
    }

    @Test
    void weEncryptAsConnectorJDoes() throws Exception {
        byte[] nonce = AuthNonce.random(random);
        byte[] password = "a-password-longer-than-the-nonce ☃".getBytes(UTF_8);
        RSAPublicKey parsed = (RSAPublicKey) CachingSha2Password.parsePublicKey(keys.publicKeyPem());
        byte[] encrypted = CachingSha2Password.encryptPassword(password, nonce, parsed);

        // OAEP is randomised, so compare by decrypting with the JDK directly and unmasking as a server would.
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        cipher.init(Cipher.DECRYPT_MODE, keys.privateKey());
        byte[] masked = cipher.doFinal(encrypted);
        byte[] plain = new byte[masked.length];
        Security.xorString(masked, plain, nonce, masked.length);
        assertThat(plain).endsWith(0).startsWith(password).hasSize(password.length + 1);

        assertThat(CachingSha2Password.decryptPassword(encrypted, nonce, keys.privateKey())).isEqualTo(password);
    }

    @Test
    void parsesWhatConnectorJParsesToTheSameKey() throws Exception {
        RSAPublicKey theirs = ExportControlled.decodeRSAPublicKey(keys.publicKeyPem());
        RSAPublicKey ours = (RSAPublicKey) CachingSha2Password.parsePublicKey(keys.publicKeyPem());
        assertThat(ours.getModulus()).isEqualTo(theirs.getModulus());
        assertThat(ours).isEqualTo(keys.publicKey());
        assertThat(keys.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----\n")
                .endsWith("\n-----END PUBLIC KEY-----\n");
    }

    @Test
    void decryptRejectsAnotherKeyOrNonce() {
        byte[] nonce = AuthNonce.random(random);
        byte[] encrypted = CachingSha2Password.encryptPassword("pw".getBytes(UTF_8), nonce, keys.publicKey());

        assertThatIllegalArgumentException()
                .isThrownBy(() -> CachingSha2Password.decryptPassword(encrypted, nonce,
                        ProxyRsaKeys.generate().privateKey()))
                .withMessageContaining("cannot be decrypted with the proxy's key");
        byte[] otherNonce = nonce.clone();
        otherNonce[2] ^= 0x01;
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CachingSha2Password.decryptPassword(encrypted, otherNonce, keys.privateKey()))
                .withMessageContaining("not NUL-terminated");
    }

    @Test
    void encryptRejectsAPasswordTooLongForTheKey() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CachingSha2Password.encryptPassword(new byte[300], AuthNonce.random(random),
                        keys.publicKey()))
                .withMessageContaining("300 bytes is too long");
    }

    @Test
    void parsePublicKeyRejectsGarbageWithAClearMessage() {
        assertThatIllegalArgumentException().isThrownBy(() -> CachingSha2Password.parsePublicKey(""))
                .withMessageContaining("no PEM text");
        assertThatIllegalArgumentException().isThrownBy(() -> CachingSha2Password.parsePublicKey("hello"))
                .withMessageContaining("no '-----BEGIN PUBLIC KEY-----' line");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CachingSha2Password.parsePublicKey("-----BEGIN PUBLIC KEY-----\nMIIB"))
                .withMessageContaining("no '-----END PUBLIC KEY-----' line");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CachingSha2Password.parsePublicKey(
                        "-----BEGIN PUBLIC KEY-----\n@@@@\n-----END PUBLIC KEY-----\n"))
                .withMessageContaining("not valid base64");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CachingSha2Password.parsePublicKey(
                        "-----BEGIN PUBLIC KEY-----\nAAAAAAAA\n-----END PUBLIC KEY-----\n"))
                .withMessageContaining("not an RSA SubjectPublicKeyInfo");
    }

    @Test
    void protocolBytesAreTheServersValues() {
        assertThat(CachingSha2Password.REQUEST_PUBLIC_KEY).isEqualTo((byte) 2);
        assertThat(CachingSha2Password.FAST_AUTH_SUCCESS).isEqualTo((byte) 3);
        assertThat(CachingSha2Password.PERFORM_FULL_AUTHENTICATION).isEqualTo((byte) 4);
    }
}
