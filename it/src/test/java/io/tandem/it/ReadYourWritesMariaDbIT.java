package io.tandem.it;

import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.BeforeAll;

/** {@link ReadYourWritesScenario} on MariaDB 10.11. */
class ReadYourWritesMariaDbIT extends ReadYourWritesScenario {

    @BeforeAll
    static void startCluster() throws Exception {
        start(Flavor.MARIADB);
    }
}
