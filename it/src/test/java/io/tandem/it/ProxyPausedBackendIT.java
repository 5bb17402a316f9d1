package io.tandem.it;

import io.tandem.sandbox.Sandbox;
import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backend connection that streamed a large result to a client slower than the server is paused and resumed
 * many times; the last packets can arrive in the very read that paused it. It must go back to its pool readable:
 * the next statement on it (here the same session's, over the one backend connection the proxy may open) is
 * answered, instead of waiting forever for an answer the proxy never reads. Found by the conformance harness
 * (a statement after the large-values script hung).
 */
class ProxyPausedBackendIT {

    private static final String LARGE = "WITH RECURSIVE seq AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM seq"
            + " WHERE n < 60) SELECT a.n, REPEAT('x', 1500) FROM seq a, seq b LIMIT 3000";

    @Test
    void theConnectionThatServedALargeResultAnswersTheNextStatement() throws Exception {
        try (Sandbox sandbox = SandboxFixture.start(Flavor.MYSQL, 0);
             ProxyFixture proxy = ProxyFixture.start(sandbox, 1);
             RawMySQLClient client = RawMySQLClient.login(proxy.port(), "app", "app", Duration.ofSeconds(5))) {
            for (int round = 0; round < 30; round++) {
                assertThat(client.query(LARGE)).as("round %d", round).hasSize(3000);
                assertThat(client.query("SELECT " + round)).as("the statement after round %d", round)
                        .isEqualTo(List.of(List.of(Integer.toString(round))));
            }
        }
    }
}
