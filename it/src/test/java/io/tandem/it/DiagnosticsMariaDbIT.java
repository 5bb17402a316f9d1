package io.tandem.it;

import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.BeforeAll;

/** {@link DiagnosticsScenario} on MariaDB 10.11. */
class DiagnosticsMariaDbIT extends DiagnosticsScenario {

    @BeforeAll
    static void startCluster() throws Exception {
        start(Flavor.MARIADB);
    }
}
