package io.tandem.proxy.session;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionCollationTest {

    @Test
    void theCollationOfSetNames() {
        assertThat(ConnectionCollation.named("SET NAMES utf8mb4 COLLATE utf8mb4_bin")).hasValue("utf8mb4_bin");
        assertThat(ConnectionCollation.named("set names 'utf8mb4' collate 'UTF8MB4_BIN'")).hasValue("utf8mb4_bin");
        assertThat(ConnectionCollation.named("/* x */ SET NAMES `latin1` /* c */ COLLATE latin1_german2_ci;"))
                .hasValue("latin1_german2_ci");
    }

    @Test
    void noCollationWhenNoneIsNamed() {
        assertThat(ConnectionCollation.named("SET NAMES utf8mb4")).isEmpty();
        assertThat(ConnectionCollation.named("SET NAMES utf8mb4 COLLATE utf8mb4_bin; SET NAMES latin1")).isEmpty();
        assertThat(ConnectionCollation.named("SET NAMES utf8mb4, @a = 'x' COLLATE utf8mb4_bin")).isEmpty();
        assertThat(ConnectionCollation.named("SELECT 'SET NAMES x COLLATE y'")).isEmpty();
    }
}
