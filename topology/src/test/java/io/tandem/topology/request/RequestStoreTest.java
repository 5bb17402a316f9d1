package io.tandem.topology.request;

import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.store.TestingZooKeeper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestStoreTest {

    @RegisterExtension
    static final TestingZooKeeper ZOOKEEPER = new TestingZooKeeper();
    private static final Instant AT = Instant.parse("2026-12-08T03:00:00Z");

    private RequestStore requests;
    private ClusterSettingsStore settings;

    @BeforeEach
    void freshCluster(TestInfo test) {
        String cluster = test.getTestMethod().orElseThrow().getName();
        requests = new RequestStore(ZOOKEEPER.client(), cluster);
        settings = new ClusterSettingsStore(ZOOKEEPER.client(), cluster);
    }

    private static Request maintenance(boolean on) {
        return new Request(RequestType.MAINTENANCE, InstanceKey.parse("db2:3306"), on, "alice@ops1", AT);
    }

    @Test
    void requestsArePendingInOrderUntilAnsweredOnce() {
        long first = requests.submit(maintenance(true));
        long second = requests.submit(new Request(RequestType.ACKNOWLEDGE, null, null, "bob@ops2", AT));

        assertThat(requests.pending()).extracting(RequestEntry::sequence).containsExactly(first, second);
        RequestEntry pending = requests.pending().get(0);
        assertThat(pending.request()).isEqualTo(maintenance(true));

        RequestOutcome done = new RequestOutcome(true, "db2:3306 is in maintenance", "orch-1", AT.plusSeconds(1));
        assertThat(requests.answer(pending, done)).isTrue();
        assertThat(requests.answer(pending, new RequestOutcome(false, "again", "orch-2", AT)))
                .as("a second answer to the same version").isFalse();

        assertThat(requests.pending()).extracting(RequestEntry::sequence).containsExactly(second);
        assertThat(requests.awaitOutcome(first, Duration.ZERO)).contains(done);
    }

    @Test
    void theAskerWaitsForTheAnswerOrGivesUp() throws Exception {
        long sequence = requests.submit(maintenance(false));
        RequestOutcome refused = new RequestOutcome(false, "db2:3306 is not in maintenance", "orch-1", AT);

        CompletableFuture<Optional<RequestOutcome>> waiting = CompletableFuture.supplyAsync(
                () -> requests.awaitOutcome(sequence, Duration.ofSeconds(10)));
        requests.answer(requests.read(sequence).orElseThrow(), refused);

        assertThat(waiting.get()).contains(refused);
        long unanswered = requests.submit(maintenance(true));
        assertThat(requests.awaitOutcome(unanswered, Duration.ofMillis(100))).isEmpty();
        requests.withdraw(requests.read(unanswered).orElseThrow());
        assertThat(requests.read(unanswered)).isEmpty();
    }

    @Test
    void answeredRequestsAreDeletedOnceOld() {
        long old = requests.submit(maintenance(true));
        long recent = requests.submit(maintenance(false));
        long open = requests.submit(maintenance(true));
        requests.answer(requests.read(old).orElseThrow(), new RequestOutcome(true, "ok", "o", AT));
        requests.answer(requests.read(recent).orElseThrow(), new RequestOutcome(true, "ok", "o", AT.plusSeconds(3600)));

        requests.deleteAnswered(AT.plusSeconds(60));

        assertThat(requests.all()).extracting(RequestEntry::sequence).containsExactly(recent, open);
    }

    @Test
    void aRequestSaysWhatItIsAbout() {
        assertThatThrownBy(() -> new Request(RequestType.MAINTENANCE, null, true, "a", AT))
                .hasMessage("a maintenance request names its instance");
        assertThatThrownBy(() -> new Request(RequestType.AUTO_FAILOVER, null, null, "a", AT))
                .hasMessage("a AUTO_FAILOVER request says on or off");
        assertThat(maintenance(true).describe()).isEqualTo("MAINTENANCE on db2:3306 by alice@ops1");
    }

    @Test
    void clusterSettingsDefaultToAutomaticFailoverAndKeepWhatWasWritten() {
        assertThat(settings.read()).isEqualTo(ClusterSettings.DEFAULTS);

        settings.write(new ClusterSettings(false));

        assertThat(settings.read().autoFailover()).isFalse();
    }
}
