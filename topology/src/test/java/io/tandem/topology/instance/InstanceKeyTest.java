package io.tandem.topology.instance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstanceKeyTest {

    @Test
    void parsesHostAndPort() {
        InstanceKey key = InstanceKey.parse("db1.example.com:3307");

        assertThat(key.host()).isEqualTo("db1.example.com");
        assertThat(key.port()).isEqualTo(3307);
        assertThat(key).hasToString("db1.example.com:3307");
    }

    @Test
    void lowerCasesTheHostSoThatOneServerHasOneName() {
        assertThat(InstanceKey.parse(" DB1.Example.COM:3306 ")).isEqualTo(new InstanceKey("db1.example.com", 3306));
    }

    @Test
    void parsesBracketedIpv6AndPrintsItBracketed() {
        InstanceKey key = InstanceKey.parse("[FE80::1]:3306");

        assertThat(key.host()).isEqualTo("fe80::1");
        assertThat(key.port()).isEqualTo(3306);
        assertThat(key).hasToString("[fe80::1]:3306");
        assertThat(InstanceKey.parse(key.toString())).isEqualTo(key);
        assertThat(new InstanceKey("::1", 3306)).hasToString("[::1]:3306");
    }

    @Test
    void usesTheDefaultPortOnlyWhenOneIsGiven() {
        assertThat(InstanceKey.parse("db1", 3306)).isEqualTo(new InstanceKey("db1", 3306));
        assertThat(InstanceKey.parse("[::1]", 3306)).isEqualTo(new InstanceKey("::1", 3306));
        assertThat(InstanceKey.parse("db1:3307", 3306).port()).isEqualTo(3307);

        assertThatThrownBy(() -> InstanceKey.parse("db1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'db1' has no port; expected HOST:PORT");
        assertThatThrownBy(() -> InstanceKey.parse("[::1]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'[::1]' has no port; expected [HOST]:PORT");
    }

    @ParameterizedTest(name = "\"{0}\" is refused: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''             | instance address is empty
            '   '          | instance address is empty
            db1:           | 'db1:' has no valid port
            db1:abc        | 'db1:abc' has no valid port
            db1:0          | instance port 0 is outside 1-65535
            db1:65536      | instance port 65536 is outside 1-65535
            :3306          | instance host is empty
            []:3306        | instance host is empty
            ::1:3306       | '::1:3306' has several ':'; write an IPv6 host as [HOST]:PORT
            [::1:3306      | '[::1:3306' opens '[' without closing it
            [::1]:         | '[::1]:' has no valid port
            [::1]3306      | '[::1]3306' has no ':' after ']'
            """)
    void refusesMalformedAddressesWithTheReason(String text, String reason) {
        assertThatThrownBy(() -> InstanceKey.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void refusesANullAddress() {
        assertThatThrownBy(() -> InstanceKey.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void ordersByHostThenPort() {
        TreeSet<InstanceKey> keys = new TreeSet<>(List.of(
                InstanceKey.parse("db2:3306"), InstanceKey.parse("db1:3307"), InstanceKey.parse("db1:3306")));

        assertThat(keys).extracting(InstanceKey::toString).containsExactly("db1:3306", "db1:3307", "db2:3306");
    }
}
