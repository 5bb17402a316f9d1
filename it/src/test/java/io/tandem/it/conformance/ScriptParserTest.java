package io.tandem.it.conformance;

import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptParserTest {

    @Test
    void headerDirectivesModifiersCommandsAndDelimiters() {
        Script script = ScriptParser.parse("sample", String.join("\n",
                "# a comment",
                "--capabilities modern",
                "--multi-statements",
                "--mariadb-only",
                "SELECT 1; SELECT 2;",
                "--warnings",
                "SELECT CAST('x' AS SIGNED);",
                "--binary 1, 'it''s', NULL, 2.5",
                "SELECT ?, ?, ?, ?;",
                "--cursor 2 7",
                "SELECT id FROM t WHERE id > ?;",
                "--delimiter //",
                "CREATE PROCEDURE p()",
                "BEGIN SELECT 1; END//",
                "--delimiter ;",
                "--ping",
                "--change-user ${user} ${password}",
                "--infile-data 1,a|2,b",
                "LOAD DATA LOCAL INFILE 'f' INTO TABLE t;",
                ""));

        assertThat(script.profiles()).containsExactly(ClientProfile.MODERN);
        assertThat(script.multiStatements()).isTrue();
        assertThat(script.onlyFlavor()).isEqualTo(Optional.of(Flavor.MARIADB));
        assertThat(script.appliesTo(Flavor.MYSQL)).isFalse();
        List<Step> steps = script.steps();
        assertThat(steps).hasSize(8);
        assertThat(steps.get(0)).isEqualTo(new Step.Query(5, "SELECT 1; SELECT 2", false, ""));
        assertThat(steps.get(1)).isEqualTo(new Step.Query(7, "SELECT CAST('x' AS SIGNED)", true, ""));
        Step.Binary binary = (Step.Binary) steps.get(2);
        assertThat(binary.parameters()).extracting(Parameter::type).containsExactly(Parameter.TYPE_LONGLONG,
                Parameter.TYPE_VAR_STRING, Parameter.TYPE_NULL, Parameter.TYPE_DOUBLE);
        assertThat(new String(binary.parameters().get(1).value())).isEqualTo("it's");
        Step.Binary cursor = (Step.Binary) steps.get(3);
        assertThat(cursor.fetchRows()).isEqualTo(2);
        assertThat(cursor.parameters()).hasSize(1);
        assertThat(((Step.Query) steps.get(4)).sql()).isEqualTo("CREATE PROCEDURE p()\nBEGIN SELECT 1; END");
        assertThat(steps.get(5)).isEqualTo(new Step.Command(16, CommandKind.PING, List.of()));
        assertThat(steps.get(6)).isEqualTo(new Step.Command(17, CommandKind.CHANGE_USER,
                List.of("${user}", "${password}")));
        assertThat(((Step.Query) steps.get(7)).infileData()).isEqualTo("1,a\n2,b\n");
    }

    @Test
    void aScriptRunsUnderBothProfilesUnlessItSaysOtherwise() {
        Script script = ScriptParser.parse("plain", "SELECT 1;\n");
        assertThat(script.profiles()).containsExactly(ClientProfile.LEGACY, ClientProfile.MODERN);
        assertThat(script.caseName(ClientProfile.LEGACY)).isEqualTo("plain[legacy]");
        assertThat(script.options()).isEqualTo(new Script.Options(true, false, false));
    }

    @Test
    void longDataAndResetsGoBetweenPrepareAndExecuteInTheOrderWritten() {
        Script script = ScriptParser.parse("long", String.join("\n",
                "--capabilities tls,compressed",
                "--long-data 1 first piece, with spaces",
                "--stmt-reset",
                "--long-data 1 ${repeat:3:ab}",
                "--binary 7, ''",
                "INSERT INTO t VALUES (?, ?);",
                "SELECT 1;",
                ""));

        assertThat(script.profiles()).containsExactly(ClientProfile.TLS, ClientProfile.COMPRESSED);
        Step.Binary insert = (Step.Binary) script.steps().get(0);
        assertThat(insert.beforeExecute()).containsExactly(
                new Step.BeforeExecute.LongData(1, "first piece, with spaces"), new Step.BeforeExecute.Reset(),
                new Step.BeforeExecute.LongData(1, "${repeat:3:ab}"));
        assertThat(insert.parameters()).hasSize(2);
        assertThat(script.steps().get(1)).isEqualTo(new Step.Query(7, "SELECT 1", false, ""));
    }

    @Test
    void placeholdersAreFilledInWhenTheScriptRuns() {
        Login login = new Login("app", "secret", "s1", ClientProfile.MODERN.flags(false));
        assertThat(ScriptRunner.substitute("USE ${schema}; -- ${user}/${password}", "s1", login))
                .isEqualTo("USE s1; -- app/secret");
        assertThat(ScriptRunner.substitute("SELECT '${repeat:3:ab}', '${repeat:0:x}${repeat:2:$1}'", "s", login))
                .isEqualTo("SELECT 'ababab', '$1$1'");
    }

    @Test
    void longDataNeedsAnExecutionAndAParameterNumber() {
        assertThatThrownBy(() -> ScriptParser.parse("plain", "--long-data 0 x\nSELECT 1;\n"))
                .hasMessageContaining("plain:2").hasMessageContaining("--binary");
        assertThatThrownBy(() -> ScriptParser.parse("prepare", "--stmt-reset\n--prepare\nSELECT ?;\n"))
                .hasMessageContaining("prepare:3").hasMessageContaining("--prepare");
        assertThatThrownBy(() -> ScriptParser.parse("number", "--long-data x\n"))
                .hasMessageContaining("number:1").hasMessageContaining("parameter number");
    }

    @Test
    void mistakesAreNamedWithTheirLine() {
        assertThatThrownBy(() -> ScriptParser.parse("bad", "--no-such-directive\n"))
                .hasMessageContaining("bad:1").hasMessageContaining("--no-such-directive");
        assertThatThrownBy(() -> ScriptParser.parse("open", "SELECT 1\n"))
                .hasMessageContaining("open:1").hasMessageContaining("delimiter");
    }
}
