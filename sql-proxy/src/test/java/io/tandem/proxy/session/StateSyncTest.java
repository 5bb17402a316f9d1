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
        assertThat(setStatement(Map.of(), vars("sql_mode", "ANSI_QUOTES")))
                .isEqualTo("SET SESSION `sql_mode` = 'ANSI_QUOTES'");
    }

    @Test
    void doublesQuotesAndEscapesBackslashes() {
        assertThat(setStatement(Map.of(), vars("a", "it's", "b", "C:\\temp\\", "c", "\\'")))
                .isEqualTo("SET SESSION `a` = 'it''s', `b` = 'C:\\\\temp\\\\', `c` = '\\\\'''");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "-1", "28800", "3.25", "-0.5", "18446744073709551615"})
    void numbersAreNotQuoted(String number) {
        assertThat(setStatement(Map.of(), vars("v", number))).isEqualTo("SET SESSION `v` = " + number);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ON", "1e3", "1.", ".5", "+1", "0x1F", "1 OR 1", "+00:00", "utf8mb4"})
    void anythingThatIsNotAPlainNumberIsQuoted(String value) {
        assertThat(setStatement(Map.of(), vars("v", value))).isEqualTo("SET SESSION `v` = '" + value + "'");
    }

    @Test
    void anEmptyStringIsAnEmptyStringExceptForCharacterSetResultsWhereItMeansNull() {
        assertThat(setStatement(Map.of(), vars("sql_mode", "", "character_set_results", "")))
                .isEqualTo("SET SESSION `character_set_results` = NULL, `sql_mode` = ''");
    }

    @Test
    void variablesTheConnectionChangedAndTheSessionDidNotGoBackToDefault() {
        assertThat(setStatement(vars("sql_mode", "ANSI_QUOTES", "time_zone", "+00:00"),
                vars("time_zone", "+00:00")))
                .isEqualTo("SET SESSION `sql_mode` = DEFAULT");
    }

    @Test
    void onlyTheDifferencesAreSetWithDefaultsLast() {
        assertThat(setStatement(
                vars("autocommit", "1", "sql_mode", "", "wait_timeout", "60"),
                vars("autocommit", "1", "sql_mode", "ANSI_QUOTES", "time_zone", "+00:00")))
                .isEqualTo("SET SESSION `sql_mode` = 'ANSI_QUOTES', `time_zone` = '+00:00', `wait_timeout` = DEFAULT");
    }

    /** A connection whose handshake chose utf8mb4_general_ci, as the mariadb client's does. */
    private static final ServerDefaults DEFAULTS = new ServerDefaults(vars("character_set_client", "utf8mb4",
            "character_set_results", "utf8mb4", "character_set_connection", "utf8mb4", "collation_connection",
            "utf8mb4_general_ci"));

    private static String setStatement(Map<String, String> current, Map<String, String> target) {
        return StateSync.setStatement(current, target, DEFAULTS);
    }

    @Test
    void setNamesIsReplayedWithItsCollationBeforeWhatTheSessionAssignedSince() {
        // SET NAMES utf8mb4 COLLATE utf8mb4_bin, as the session state keeps it
        Map<String, String> names = vars("character_set_client", "utf8mb4", "character_set_results", "utf8mb4",
                "character_set_connection", "utf8mb4", "collation_connection", "utf8mb4_bin", "@names",
                "utf8mb4 COLLATE utf8mb4_bin");
        assertThat(setStatement(Map.of(), names)).isEqualTo("SET NAMES 'utf8mb4' COLLATE 'utf8mb4_bin'");
        Map<String, String> later = new LinkedHashMap<>(names);
        later.put("character_set_results", "latin1");
        later.put("sql_mode", "");
        assertThat(setStatement(names, later))
                .isEqualTo("SET NAMES 'utf8mb4' COLLATE 'utf8mb4_bin', `character_set_results` = 'latin1', `sql_mode` = ''");
    }

    @Test
    void aSessionThatSetNoNamesGetsItsHandshakesBack() {
        assertThat(setStatement(vars("collation_connection", "utf8mb4_bin", "character_set_client", "utf8mb4",
                "character_set_connection", "utf8mb4", "character_set_results", "utf8mb4"), Map.of()))
                .isEqualTo("SET NAMES 'utf8mb4' COLLATE 'utf8mb4_general_ci'");
    }

    @Test
    void aConnectionCharacterSetAssignedAfterSetNamesCollateHasItsDefaultCollation() {
        assertThat(setStatement(Map.of(), vars("character_set_connection", "latin1", "character_set_client", "utf8mb4",
                "character_set_results", "utf8mb4", "@names", "utf8mb4 COLLATE utf8mb4_bin")))
                .isEqualTo("SET NAMES 'utf8mb4' COLLATE 'utf8mb4_bin', `character_set_connection` = 'latin1'");
    }

    @Test
    void otherCharacterSetsComeBeforeTheirCollations() {
        assertThat(setStatement(Map.of(), vars("collation_database", "utf8mb4_bin", "character_set_database",
                "utf8mb4"))).isEqualTo("SET SESSION `character_set_database` = 'utf8mb4', `collation_database` = 'utf8mb4_bin'");
    }

    @Test
    void theProxysOwnTrackingSettingsAreNeverReplayed() {
        assertThat(setStatement(vars("session_track_gtids", "OFF"), vars("session_track_schema", "OFF"))).isNull();
    }

    @Test
    void nothingToSetWhenNothingDiffers() {
        assertThat(setStatement(Map.of(), Map.of())).isNull();
        assertThat(setStatement(vars("sql_mode", "ANSI_QUOTES", "autocommit", "0"),
                vars("autocommit", "0", "sql_mode", "ANSI_QUOTES"))).isNull();
    }
}
