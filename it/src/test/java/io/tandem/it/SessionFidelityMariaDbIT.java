package io.tandem.it;

import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.BeforeAll;

/** {@link SessionFidelityScenario} on MariaDB 10.11. */
class SessionFidelityMariaDbIT extends SessionFidelityScenario {

    @BeforeAll
    static void startCluster() throws Exception {
        start(Flavor.MARIADB);
    }
}
