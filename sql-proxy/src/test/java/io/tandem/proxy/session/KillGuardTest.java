package io.tandem.proxy.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class KillGuardTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "KILL 5; SELECT 1                       | KILL in a multi-statement",
            "SELECT 1; KILL 5                       | KILL in a multi-statement",
            "SELECT 1;/* why */ kill query 5;       | KILL in a multi-statement",
            "KILL QUERY ID 5                        | KILL QUERY ID (a MariaDB query id, not a connection id)",
            "KILL USER app                          | KILL USER",
            "KILL QUERY USER app                    | KILL QUERY USER",
            "KILL HARD 5                            | KILL HARD or SOFT",
            "KILL SOFT QUERY 5                      | KILL HARD or SOFT",
            "KILL 5 + 0                             | KILL with an expression instead of a connection id",
            "KILL @victim                           | KILL with an expression instead of a connection id",
            "KILL (SELECT 5)                        | KILL with an expression instead of a connection id",
            "KILL                                   | KILL with an expression instead of a connection id",
            "PREPARE s FROM 'KILL 5'                | KILL in a statement to prepare",
            "PREPARE s FROM \"  /* x */ kill 5\"    | KILL in a statement to prepare",
            "EXECUTE IMMEDIATE 'KILL 5'             | KILL in a statement to prepare",
            "/*!50000 KILL 5; */ SELECT 1           | KILL in a multi-statement",
    })
    void refusesEveryKillItCannotTranslate(String sql, String why) {
        assertThat(KillGuard.refusal(sql)).contains(why);
        assertThat(mentions(sql)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "KILL 5",
            "KILL QUERY 5;",
            "/* cancel */ KILL CONNECTION 5 ;; ",
            "SELECT 'KILL 5'; SELECT 1",
            "SELECT `kill` FROM skills",
            "SELECT 1 -- KILL 5\n",
            "PREPARE s FROM 'SELECT kill FROM t'",
            "INSERT INTO log VALUES ('KILL 5')",
    })
    void leavesLoneKillsAndMereMentionsAlone(String sql) {
        assertThat(KillGuard.refusal(sql)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "KILL 5              | KILL in a prepared statement",
            "KILL ?              | KILL with an expression instead of a connection id, prepared",
            "SELECT 1; KILL 5    | KILL in a multi-statement, prepared",
    })
    void refusesToPrepareAnyKill(String sql, String why) {
        assertThat(KillGuard.refusalToPrepare(sql)).contains(why);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 1", "SELECT kil FROM l", "", "KIL"})
    void noLettersKillNoLexing(String sql) {
        assertThat(mentions(sql)).isFalse();
    }

    private static boolean mentions(String sql) {
        ByteBuf text = Unpooled.wrappedBuffer(("\u0003" + sql).getBytes(StandardCharsets.UTF_8));
        return KillGuard.mentionsKill(text, 1, text.readableBytes() - 1);
    }
}
