package io.tandem.it;

import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The differential conformance corpus ({@code src/test/resources/conformance}) on MariaDB 10.11: every case gives the
 * client the same packets through the proxy as directly, or is a known difference with its cause written down in
 * {@code known-differences-mariadb.txt}; a known difference that is gone must leave that list. See
 * {@code docs/CONFORMANCE.md}.
 */
class ConformanceMariaDbIT {

    @Test
    void theProxyAnswersLikeTheServerExceptForItsKnownDifferences() throws Exception {
        try (ConformanceFixture fixture = ConformanceFixture.start(Flavor.MARIADB)) {
            assertThat(fixture.check(Flavor.MARIADB))
                    .as("conformance problems (report: %s)", ConformanceFixture.report(Flavor.MARIADB)).isEmpty();
        }
    }
}
