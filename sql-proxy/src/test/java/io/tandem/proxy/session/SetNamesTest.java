package io.tandem.proxy.session;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SetNamesTest {

    @Test
    void theCharacterSetAndCollationOfSetNames() {
        assertThat(SetNames.last("SET NAMES utf8mb4 COLLATE utf8mb4_bin"))
                .hasValue(new SetNames("utf8mb4", "utf8mb4_bin"));
        assertThat(SetNames.last("set names 'utf8mb4' collate 'UTF8MB4_BIN'"))
                .hasValue(new SetNames("utf8mb4", "utf8mb4_bin"));
        assertThat(SetNames.last("/* x */ SET NAMES `latin1` /* c */ COLLATE latin1_german2_ci;"))
                .hasValue(new SetNames("latin1", "latin1_german2_ci"));
        assertThat(SetNames.last("SET NAMES utf8mb4")).hasValue(new SetNames("utf8mb4", null));
        assertThat(SetNames.last("SET NAMES utf8mb4 COLLATE utf8mb4_bin; SET NAMES latin1"))
                .hasValue(new SetNames("latin1", null));
        assertThat(SetNames.last("SET @a = 1, NAMES utf8mb4")).hasValue(new SetNames("utf8mb4", null));
    }

    @Test
    void nothingWithoutSetNames() {
        assertThat(SetNames.last("SELECT 'SET NAMES x COLLATE y'")).isEmpty();
        assertThat(SetNames.last("SET character_set_client = 'latin1'")).isEmpty();
        assertThat(SetNames.last("SELECT names FROM t")).isEmpty();
    }

    @Test
    void keptAsText() {
        assertThat(SetNames.parse(new SetNames("utf8mb4", "utf8mb4_bin").text()))
                .isEqualTo(new SetNames("utf8mb4", "utf8mb4_bin"));
        assertThat(SetNames.parse("latin1")).isEqualTo(new SetNames("latin1", null));
    }
}
