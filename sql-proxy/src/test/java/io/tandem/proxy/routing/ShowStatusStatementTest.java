package io.tandem.proxy.routing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ShowStatusStatementTest {

    @ParameterizedTest
    @ValueSource(strings = {"SHOW STATUS", "show status like 'Ssl_cipher'", "SHOW SESSION STATUS", "SHOW LOCAL STATUS",
            "/* why */ SHOW  STATUS WHERE Variable_name = 'Ssl_version'", "  show session status"})
    void sessionStatus(String sql) {
        assertThat(ShowStatusStatement.isSessionStatus(sql)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SHOW GLOBAL STATUS", "SHOW VARIABLES", "SHOW SESSION VARIABLES", "SELECT 'SHOW STATUS'",
            "SHOW TABLE STATUS", "SHOW", "SHOW ENGINE INNODB STATUS", ""})
    void notSessionStatus(String sql) {
        assertThat(ShowStatusStatement.isSessionStatus(sql)).isFalse();
    }
}
