package io.tandem.proxy.routing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SqlModeTest {

    @Test
    void readsTheSessionSqlMode() {
        assertThat(SqlMode.of("")).isEqualTo(SqlMode.DEFAULT);
        assertThat(SqlMode.of("STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION")).isEqualTo(SqlMode.DEFAULT);
        assertThat(SqlMode.of("ANSI_QUOTES,STRICT_TRANS_TABLES")).isEqualTo(new SqlMode(true, false));
        assertThat(SqlMode.of("ansi")).isEqualTo(new SqlMode(true, false));
        assertThat(SqlMode.of("NO_BACKSLASH_ESCAPES, ANSI_QUOTES")).isEqualTo(new SqlMode(true, true));
    }
}
