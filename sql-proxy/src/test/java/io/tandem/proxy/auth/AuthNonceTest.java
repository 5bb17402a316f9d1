package io.tandem.proxy.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class AuthNonceTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void nonceIsTwentySafeBytes() {
        BitSet seen = new BitSet(128);
        for (int draw = 0; draw < 10_000; draw++) {
            byte[] nonce = AuthNonce.random(random);
            assertThat(nonce).hasSize(AuthNonce.LENGTH);
            for (byte b : nonce) {
                assertThat((int) b).isBetween(1, 127).isNotEqualTo((int) '$');
                seen.set(b);
            }
        }
        // 200,000 draws over 126 values: every allowed byte shows up, so none is excluded by mistake.
        assertThat(seen.cardinality()).isEqualTo(126);
    }

    @Test
    void successiveNoncesDiffer() {
        assertThat(AuthNonce.random(random)).isNotEqualTo(AuthNonce.random(random));
    }
}
