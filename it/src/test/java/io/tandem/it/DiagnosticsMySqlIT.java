package io.tandem.it;

import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.BeforeAll;

/** {@link DiagnosticsScenario} on MySQL 8.0.31. */
class DiagnosticsMySqlIT extends DiagnosticsScenario {

    @BeforeAll
    static void startCluster() throws Exception {
        start(Flavor.MYSQL);
    }
}
