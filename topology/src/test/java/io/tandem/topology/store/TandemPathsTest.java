package io.tandem.topology.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TandemPathsTest {

    @Test
    void laysOutOneClusterUnderTandem() {
        TandemPaths paths = new TandemPaths("prod-eu_1");

        assertThat(paths.root()).isEqualTo("/tandem/prod-eu_1");
        assertThat(paths.view()).isEqualTo("/tandem/prod-eu_1/view");
        assertThat(paths.journal()).isEqualTo("/tandem/prod-eu_1/journal");
        assertThat(paths.journalEventPrefix()).isEqualTo("/tandem/prod-eu_1/journal/ev-");
    }

    @Test
    void acceptsSixtyFourCharactersButNotSixtyFive() {
        assertThat(new TandemPaths("c".repeat(64)).cluster()).hasSize(64);
        assertThatThrownBy(() -> new TandemPaths("c".repeat(65))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {" ", "prod/eu", "..", "prod eu", "prod.eu", "prød"})
    void refusesNamesThatAreNotOnePathSegment(String cluster) {
        assertThatThrownBy(() -> new TandemPaths(cluster))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cluster name '" + cluster + "' must be 1-64 letters, digits, '-' or '_'");
    }
}
