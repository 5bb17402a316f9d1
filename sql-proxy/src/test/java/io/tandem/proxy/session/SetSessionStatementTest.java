package io.tandem.proxy.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SetSessionStatementTest {

    /** A connection whose handshake chose utf8mb4_general_ci, as the mariadb client's does. */
    private static final ServerDefaults DEFAULTS = new ServerDefaults(vars("character_set_client", "utf8mb4",
            "character_set_results", "utf8mb4", "character_set_connection", "utf8mb4", "collation_connection",
            "utf8mb4_general_ci"));

    private static Map<String, String> vars(String... nameValues) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            vars.put(nameValues[i], nameValues[i + 1]);
        }
        return vars;
    }

    private static String set(Map<String, String> current, Map<String, String> target) {
        return SetSessionStatement.of(current, target, DEFAULTS);
    }

    private static String text(String value) {
        return "_utf8mb4 X'" + HexFormat.of().withUpperCase().formatHex(value.getBytes(StandardCharsets.UTF_8)) + "'";
    }

    @Test
    void aStringIsHexWithACharacterSetIntroducerSoNoConnectionCharsetOrEscapingModeCanChangeIt() {
        assertThat(set(Map.of(), vars("time_zone", "+01:00")))
                .isEqualTo("SET SESSION `time_zone` = _utf8mb4 X'2B30313A3030'");
    }

    @Test
    void quotesBackslashesAndNonAsciiTravelAsTheirUtf8Bytes() {
        assertThat(set(Map.of(), vars("a", "it's", "b", "C:\\temp\\", "c", "é")))
                .isEqualTo("SET SESSION `a` = _utf8mb4 X'69742773', `b` = _utf8mb4 X'433A5C74656D705C',"
                        + " `c` = _utf8mb4 X'C3A9'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "-1", "28800", "3.25", "-0.5", "18446744073709551615"})
    void numbersAreNotQuoted(String number) {
        assertThat(set(Map.of(), vars("v", number))).isEqualTo("SET SESSION `v` = " + number);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ON", "1e3", "1.", ".5", "+1", "0x1F", "1 OR 1", "+00:00", "utf8mb4"})
    void anythingThatIsNotAPlainNumberIsAString(String value) {
        assertThat(set(Map.of(), vars("v", value))).isEqualTo("SET SESSION `v` = " + text(value));
    }

    @Test
    void anEmptyStringIsAnEmptyStringExceptForCharacterSetResultsWhereItMeansNull() {
        assertThat(set(Map.of(), vars("sql_mode", "", "character_set_results", "")))
                .isEqualTo("SET SESSION `character_set_results` = NULL, `sql_mode` = _utf8mb4 X''");
    }

    @Test
    void variablesTheConnectionChangedAndTheSessionDidNotGoBackToDefault() {
        assertThat(set(vars("sql_mode", "ANSI_QUOTES", "time_zone", "+00:00"), vars("time_zone", "+00:00")))
                .isEqualTo("SET SESSION `sql_mode` = DEFAULT");
    }

    @Test
    void onlyTheDifferencesAreSetInNameOrder() {
        assertThat(set(vars("autocommit", "1", "sql_mode", "", "wait_timeout", "60"),
                vars("autocommit", "1", "sql_mode", "ANSI_QUOTES", "time_zone", "+00:00")))
                .isEqualTo("SET SESSION `sql_mode` = " + text("ANSI_QUOTES") + ", `time_zone` = " + text("+00:00")
                        + ", `wait_timeout` = DEFAULT");
    }

    @Test
    void setNamesIsReplayedWithItsCollationBeforeWhatTheSessionAssignedSince() {
        // SET NAMES utf8mb4 COLLATE utf8mb4_bin, as the session state keeps it
        Map<String, String> names = vars("character_set_client", "utf8mb4", "character_set_results", "utf8mb4",
                "character_set_connection", "utf8mb4", "collation_connection", "utf8mb4_bin", "@names",
                "utf8mb4 COLLATE utf8mb4_bin");
        assertThat(set(Map.of(), names)).isEqualTo("SET NAMES `utf8mb4` COLLATE `utf8mb4_bin`");
        Map<String, String> later = new LinkedHashMap<>(names);
        later.put("character_set_results", "latin1");
        later.put("sql_mode", "");
        assertThat(set(names, later)).isEqualTo("SET NAMES `utf8mb4` COLLATE `utf8mb4_bin`, `character_set_results` = "
                + text("latin1") + ", `sql_mode` = " + text(""));
    }

    @Test
    void aSessionThatSetNoNamesGetsItsHandshakesBackNotTheGlobalDefault() {
        assertThat(set(vars("collation_connection", "utf8mb4_bin", "character_set_client", "utf8mb4",
                "character_set_connection", "utf8mb4", "character_set_results", "utf8mb4"), Map.of()))
                .isEqualTo("SET NAMES `utf8mb4` COLLATE `utf8mb4_general_ci`");
        assertThat(set(vars("character_set_client", "latin1", "character_set_connection", "latin1",
                "character_set_results", "latin1", "collation_connection", "latin1_swedish_ci"), Map.of()))
                .isEqualTo("SET NAMES `utf8mb4` COLLATE `utf8mb4_general_ci`");
    }

    @Test
    void aConnectionCharacterSetAssignedAfterSetNamesCollateHasItsDefaultCollation() {
        assertThat(set(Map.of(), vars("character_set_connection", "latin1", "character_set_client", "utf8mb4",
                "character_set_results", "utf8mb4", "@names", "utf8mb4 COLLATE utf8mb4_bin")))
                .isEqualTo("SET NAMES `utf8mb4` COLLATE `utf8mb4_bin`, `character_set_connection` = " + text("latin1"));
    }

    @Test
    void aSessionsConnectionCharacterSetIsNeverUndoneByAReset() {
        // MariaDB tracks character_set_connection but not collation_connection after SET NAMES
        assertThat(set(vars("collation_connection", "utf8mb4_bin", "time_zone", "+01:00"),
                vars("character_set_connection", "ucs2")))
                .isEqualTo("SET NAMES `utf8mb4` COLLATE `utf8mb4_general_ci`, `character_set_connection` = "
                        + text("ucs2") + ", `time_zone` = DEFAULT");
    }

    @Test
    void otherCharacterSetsComeBeforeTheirCollations() {
        assertThat(set(Map.of(), vars("collation_database", "utf8mb4_bin", "character_set_database", "utf8mb4")))
                .isEqualTo("SET SESSION `character_set_database` = " + text("utf8mb4") + ", `collation_database` = "
                        + text("utf8mb4_bin"));
    }

    @Test
    void theProxysOwnTrackingSettingsAreNeverReplayed() {
        assertThat(set(vars("session_track_gtids", "OFF"), vars("session_track_schema", "OFF"))).isNull();
    }

    @Test
    void nothingToSetWhenNothingDiffers() {
        assertThat(set(Map.of(), Map.of())).isNull();
        assertThat(set(vars("sql_mode", "ANSI_QUOTES", "autocommit", "0"), vars("autocommit", "0", "sql_mode",
                "ANSI_QUOTES"))).isNull();
    }
}
