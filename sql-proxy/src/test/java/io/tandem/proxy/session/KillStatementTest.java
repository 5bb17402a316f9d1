package io.tandem.proxy.session;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class KillStatementTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "KILL 42                      | 42 | false",
            "KILL CONNECTION 42           | 42 | false",
            "kill connection 42           | 42 | false",
            "KILL QUERY 42                | 42 | true",
            "kill Query 7;                | 7  | true",
            "'  KILL\tQUERY   7 ;  '      | 7  | true",
            "/* from the console */ KILL 9 | 9  | false",
            "KILL 4294967296              | 4294967296 | false",
    })
    void recognisesKillWithItsModifier(String sql, long id, boolean queryOnly) {
        assertThat(KillStatement.parse(sql)).contains(new KillStatement(id, queryOnly));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "KILL 5 -- the stuck report\n",
            "KILL 5 # the stuck report",
    })
    void aTrailingCommentIsNotPartOfTheId(String sql) {
        assertThat(KillStatement.parse(sql)).contains(new KillStatement(5, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT 1",
            "KILL",
            "KILL QUERY",
            "KILL CONNECTION",
            "KILL me",
            "KILL 'x'",
            "KILL QUERY 1 2",
            "KILL CONNECTION QUERY 1",
            "KILL ALL 1",
            "KILLER 5",
            "KILL 5; SELECT 1",
            "SELECT 'KILL 5'",
            "-- KILL 5",
    })
    void anythingElseIsNotAKill(String sql) {
        assertThat(KillStatement.parse(sql)).isEmpty();
    }
}
