package io.tandem.proxy.session;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SessionStateTest {

    @Test
    void anEmptyReportedSchemaIsNoSchema() {
        SessionState inShop = SessionState.INITIAL.withSchema("shop");
        assertThat(inShop.after(new SessionChanges(Map.of(), "", false, null)).schema()).isNull();
        assertThat(inShop.after(new SessionChanges(Map.of(), null, false, null)).schema()).isEqualTo("shop");
    }

    @Test
    void aCharacterSetReportedWithoutItsCollationDropsTheCollation() {
        SessionState bin = SessionState.INITIAL.withNames(new SetNames("utf8mb4", "utf8mb4_bin"));
        SessionState latin1 = bin.after(new SessionChanges(Map.of("character_set_connection", "latin1"), null,
                true, null));
        assertThat(latin1.variables()).doesNotContainKey("collation_connection");
        assertThat(latin1.variables()).containsEntry("character_set_connection", "latin1");
    }

    @Test
    void setNamesKeepsItsCollation() {
        assertThat(SessionState.INITIAL.withNames(new SetNames("utf8mb4", "utf8mb4_bin")).variables())
                .containsEntry("collation_connection", "utf8mb4_bin")
                .containsEntry(ConnectionCharsets.NAMES, "utf8mb4 COLLATE utf8mb4_bin");
        assertThat(SessionState.INITIAL.withNames(new SetNames("latin1", null)).variables())
                .doesNotContainKey("collation_connection");
    }
}
