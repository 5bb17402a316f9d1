package io.tandem.topology.store;

import io.tandem.topology.instance.InstanceKey;
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

    @Test
    void laysOutObserversLagAndProxies() {
        TandemPaths paths = new TandemPaths("prod");

        assertThat(paths.observers()).isEqualTo("/tandem/prod/observers");
        assertThat(paths.observer("proxy-app1:6033")).isEqualTo("/tandem/prod/observers/proxy-app1:6033");
        assertThat(paths.lag()).isEqualTo("/tandem/prod/lag");
        assertThat(paths.lag(InstanceKey.parse("db2.example.com:3306"))).isEqualTo("/tandem/prod/lag/db2.example.com_3306");
        assertThat(paths.proxies()).isEqualTo("/tandem/prod/proxies");
    }

    @Test
    void namesEveryInstanceWithOneDistinctSegment() {
        assertThat(TandemPaths.segment(InstanceKey.parse("[::1]:3306"))).isEqualTo("%3A%3A1_3306");
        assertThat(TandemPaths.segment(InstanceKey.parse("db_1:3306"))).isEqualTo("db%5F1_3306");
        assertThat(TandemPaths.segment(InstanceKey.parse("db-1:3306"))).isEqualTo("db-1_3306");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {".", "..", "a/b", "a b"})
    void refusesObserverIdsThatAreNotOnePathSegment(String id) {
        assertThatThrownBy(() -> new TandemPaths("prod").observer(id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("process id '" + id + "'");
    }
}
