package io.tandem.it;

import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.BeforeAll;

/** {@link SessionFidelityScenario} on MySQL 8.0.31. */
class SessionFidelityMySqlIT extends SessionFidelityScenario {

    @BeforeAll
    static void startCluster() throws Exception {
        start(Flavor.MYSQL);
    }
}
