package io.tandem.proxy.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.mysql.cj.protocol.Security;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NativePasswordTest {

    private final SecureRandom random = new SecureRandom();

    @ParameterizedTest
    @ValueSource(strings = {"x", "password", "s3cr3t with spaces", "pässwörd ☃", "a-rather-long-password-"
            + "that-goes-on-and-on-for-well-over-sixty-four-bytes-to-cross-a-sha1-block-boundary"})
    void scrambleMatchesConnectorJ(String password) {
        for (int i = 0; i < 20; i++) {
            byte[] nonce = AuthNonce.random(random);
            byte[] ours = NativePassword.scramble(password.getBytes(UTF_8), nonce);
            assertThat(ours).isEqualTo(Security.scramble411(password.getBytes(UTF_8), nonce)).hasSize(20);
        }
    }

    @Test
    void knownHashOfPassword() {
        byte[] hash = NativePassword.storedHash("password");
        assertThat(NativePassword.formatStoredHash(hash)).isEqualTo("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19");
        assertThat(NativePassword.parseStoredHash("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19")).isEqualTo(hash);
        assertThat(NativePassword.parseStoredHash("*2470c0c06dee42fd1618bb99005adca2ec9d1e19")).isEqualTo(hash);
    }

    @Test
    void verifyAcceptsOnlyTheRightPassword() {
        byte[] nonce = AuthNonce.random(random);
        byte[] stored = NativePassword.parseStoredHash("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19");
        byte[] right = NativePassword.scramble("password".getBytes(UTF_8), nonce);

        assertThat(NativePassword.verify(right, stored, nonce)).isTrue();
        assertThat(NativePassword.verify(NativePassword.scramble("Password".getBytes(UTF_8), nonce), stored, nonce))
                .isFalse();
        assertThat(NativePassword.verify(Arrays.copyOf(right, 19), stored, nonce)).isFalse();
        assertThat(NativePassword.verify(new byte[0], stored, nonce)).isFalse();
        assertThat(NativePassword.verify(right, stored, AuthNonce.random(random))).as("replayed on another nonce")
                .isFalse();
    }

    @Test
    void verifyAcceptsConnectorJsScramble() {
        byte[] nonce = AuthNonce.random(random);
        byte[] response = Security.scramble411("s3cret".getBytes(UTF_8), nonce);
        assertThat(NativePassword.verify(response, NativePassword.storedHash("s3cret"), nonce)).isTrue();
    }

    @Test
    void emptyPasswordIsAnEmptyResponseAndAnEmptyHash() {
        byte[] nonce = AuthNonce.random(random);
        assertThat(NativePassword.scramble(new byte[0], nonce)).isEmpty();
        assertThat(NativePassword.storedHash(new byte[0])).isEmpty();
        assertThat(NativePassword.parseStoredHash("")).isEmpty();
        assertThat(NativePassword.formatStoredHash(new byte[0])).isEmpty();

        assertThat(NativePassword.verify(new byte[0], new byte[0], nonce)).isTrue();
        assertThat(NativePassword.verify(NativePassword.scramble("x".getBytes(UTF_8), nonce), new byte[0], nonce))
                .isFalse();
    }

    @Test
    void parseRejectsMalformedHashesWithoutEchoingThem() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NativePassword.parseStoredHash("2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19"))
                .withMessageContaining("'*' followed by 40 hex digits")
                .withMessageNotContaining("2470C0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NativePassword.parseStoredHash("*2470C0C0"))
                .withMessageContaining("got 9 characters");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NativePassword.parseStoredHash("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1EZZ"))
                .withMessageContaining("not a hex digit");
    }

    @Test
    void verifyRefusesAStoredHashOfTheWrongSize() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NativePassword.verify(new byte[20], new byte[32], new byte[20]))
                .withMessageContaining("20 bytes, not 32");
    }
}
