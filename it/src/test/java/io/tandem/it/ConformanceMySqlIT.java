package io.tandem.it;

import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The differential conformance corpus ({@code src/test/resources/conformance}) on MySQL 8.0: every case gives the
 * client the same packets through the proxy as directly, or is a known difference with its cause written down in
 * {@code known-differences-mysql.txt}; a known difference that is gone must leave that list. See
 * {@code docs/CONFORMANCE.md}.
 */
class ConformanceMySqlIT {

    @Test
    void theProxyAnswersLikeTheServerExceptForItsKnownDifferences() throws Exception {
        try (ConformanceFixture fixture = ConformanceFixture.start(Flavor.MYSQL)) {
            assertThat(fixture.check(Flavor.MYSQL))
                    .as("conformance problems (report: %s)", ConformanceFixture.report(Flavor.MYSQL)).isEmpty();
        }
    }
}
