package io.tandem.proxy.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StateSyncTest {

    private static Map<String, String> vars(String... nameValues) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            vars.put(nameValues[i], nameValues[i + 1]);
        }
        return vars;
    }

    @Test
    void setsAStringVariableQuoted() {
        assertThat(StateSync.setStatement(Map.of(), vars("sql_mode", "ANSI_QUOTES")))
                .isEqualTo("SET SESSION `sql_mode` = 'ANSI_QUOTES'");
    }

    @Test
    void doublesQuotesAndEscapesBackslashes() {
        assertThat(StateSync.setStatement(Map.of(), vars("a", "it's", "b", "C:\\temp\\", "c", "\\'")))
                .isEqualTo("SET SESSION `a` = 'it''s', `b` = 'C:\\\\temp\\\\', `c` = '\\\\'''");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "-1", "28800", "3.25", "-0.5", "18446744073709551615"})
    void numbersAreNotQuoted(String number) {
        assertThat(StateSync.setStatement(Map.of(), vars("v", number))).isEqualTo("SET SESSION `v` = " + number);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ON", "1e3", "1.", ".5", "+1", "0x1F", "1 OR 1", "+00:00", "utf8mb4"})
    void anythingThatIsNotAPlainNumberIsQuoted(String value) {
        assertThat(StateSync.setStatement(Map.of(), vars("v", value))).isEqualTo("SET SESSION `v` = '" + value + "'");
    }

    @Test
    void anEmptyStringIsAnEmptyStringExceptForCharacterSetResultsWhereItMeansNull() {
        assertThat(StateSync.setStatement(Map.of(), vars("sql_mode", "", "character_set_results", "")))
                .isEqualTo("SET SESSION `sql_mode` = '', `character_set_results` = NULL");
    }

    @Test
    void variablesTheConnectionChangedAndTheSessionDidNotGoBackToDefault() {
        assertThat(StateSync.setStatement(vars("sql_mode", "ANSI_QUOTES", "time_zone", "+00:00"),
                vars("time_zone", "+00:00")))
                .isEqualTo("SET SESSION `sql_mode` = DEFAULT");
    }

    @Test
    void onlyTheDifferencesAreSetWithDefaultsLast() {
        assertThat(StateSync.setStatement(
                vars("autocommit", "1", "sql_mode", "", "wait_timeout", "60"),
                vars("autocommit", "1", "sql_mode", "ANSI_QUOTES", "time_zone", "+00:00")))
                .isEqualTo("SET SESSION `sql_mode` = 'ANSI_QUOTES', `time_zone` = '+00:00', `wait_timeout` = DEFAULT");
    }

    @Test
    void nothingToSetWhenNothingDiffers() {
        assertThat(StateSync.setStatement(Map.of(), Map.of())).isNull();
        assertThat(StateSync.setStatement(vars("sql_mode", "ANSI_QUOTES", "autocommit", "0"),
                vars("autocommit", "0", "sql_mode", "ANSI_QUOTES"))).isNull();
    }
}
