package io.tandem.topology.probe;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcInstanceProbeTest {

    @ParameterizedTest(name = "\"{0}\" is on")
    @ValueSource(strings = {"1", "ON", "on", "TRUE", "NO_LOCK", "NO_LOCK_NO_ADMIN"})
    void readsFlagsThatAreOn(String value) {
        assertThat(JdbcInstanceProbe.on(value)).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\" is off")
    @NullAndEmptySource
    @ValueSource(strings = {"0", "OFF", "off", "FALSE"})
    void readsFlagsThatAreOff(String value) {
        assertThat(JdbcInstanceProbe.on(value)).isFalse();
    }
}
