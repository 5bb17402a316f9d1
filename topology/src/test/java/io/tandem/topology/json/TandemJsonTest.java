package io.tandem.topology.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.topology.store.JournalEvent;
import io.tandem.topology.view.ClusterView;
import io.tandem.topology.view.SampleViews;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TandemJsonTest {

    private static final ObjectMapper PLAIN = new ObjectMapper();

    @Test
    void aMySqlViewRoundTrips() {
        ClusterView view = SampleViews.mysql("prod", 7);

        assertThat(TandemJson.decode(TandemJson.encode(view), ClusterView.class)).isEqualTo(view);
    }

    @Test
    void aMariaDbViewRoundTrips() {
        ClusterView view = SampleViews.mariaDb("prod-maria", 2);

        ClusterView decoded = TandemJson.decode(TandemJson.encode(view), ClusterView.class);

        assertThat(decoded).isEqualTo(view);
        assertThat(decoded.primary().instance().serverUuid()).isNull();
        assertThat(decoded.replicas().get(0).replication().secondsBehindSource()).isNull();
    }

    @Test
    void writesAddressesGtidsAndTimesAsPeopleReadThem() throws IOException {
        JsonNode json = PLAIN.readTree(TandemJson.encode(SampleViews.mysql("prod", 7)));

        assertThat(json.path("observedAt").asText()).isEqualTo("2026-03-14T09:26:53.589793Z");
        assertThat(json.path("primary").path("instance").path("key").asText()).isEqualTo("db1:3306");
        assertThat(json.path("primary").path("instance").path("gtidExecuted").asText())
                .isEqualTo("2174b383-5441-11e8-b90a-c80aa9429562:1-57,3e11fa47-71ca-11e1-9e33-c80aa9429562:1-1200:1202");
        assertThat(json.path("replicas").path(1).path("state").asText()).isEqualTo("STOPPED");
        assertThat(PLAIN.readTree(TandemJson.encode(SampleViews.mariaDb("m", 1)))
                .path("primary").path("instance").path("key").asText()).isEqualTo("[fd00::11]:3306");
    }

    @Test
    void ignoresFieldsANewerProcessAdded() throws IOException {
        ClusterView view = SampleViews.mysql("prod", 7);
        ObjectNode json = (ObjectNode) PLAIN.readTree(TandemJson.encode(view));
        json.put("writeQuorum", 2);
        ((ObjectNode) json.path("primary")).putObject("lag").put("ms", 12);
        ((ObjectNode) json.path("replicas").path(0).path("instance")).put("zone", "eu-west-1a");

        ClusterView decoded = TandemJson.decode(PLAIN.writeValueAsBytes(json), ClusterView.class);

        assertThat(decoded).isEqualTo(view);
    }

    @Test
    void aJournalEventRoundTrips() {
        JournalEvent event = new JournalEvent(Instant.parse("2026-03-14T09:26:53Z"), "VIEW_PUBLISHED", "orch-1",
                "published epoch 2", Map.of("epoch", "2", "primary", "db2:3306"));

        assertThat(TandemJson.decode(TandemJson.encode(event), JournalEvent.class)).isEqualTo(event);
    }

    @Test
    void garbageIsAnIllegalArgumentNamingTheType() {
        assertThatThrownBy(() -> TandemJson.decode("{\"cluster\": \"prod\", ".getBytes(StandardCharsets.UTF_8),
                ClusterView.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a valid ClusterView: ");
        assertThatThrownBy(() -> TandemJson.decode("not json".getBytes(StandardCharsets.UTF_8), ClusterView.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a valid ClusterView: ");
    }

    @Test
    void aViewThatBreaksTheRulesIsAnIllegalArgumentNamingTheType() throws IOException {
        ObjectNode json = (ObjectNode) PLAIN.readTree(TandemJson.encode(SampleViews.mysql("prod", 7)));
        json.put("epoch", 0);

        assertThatThrownBy(() -> TandemJson.decode(PLAIN.writeValueAsBytes(json), ClusterView.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a valid ClusterView: ")
                .hasMessageContaining("epoch must be at least 1");
    }

    @Test
    void aMalformedAddressIsAnIllegalArgumentNamingTheType() throws IOException {
        ObjectNode json = (ObjectNode) PLAIN.readTree(TandemJson.encode(SampleViews.mysql("prod", 7)));
        ((ObjectNode) json.path("primary").path("instance")).put("key", "db1");

        assertThatThrownBy(() -> TandemJson.decode(PLAIN.writeValueAsBytes(json), ClusterView.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a valid ClusterView: ")
                .hasMessageContaining("'db1' has no port");
    }
}
