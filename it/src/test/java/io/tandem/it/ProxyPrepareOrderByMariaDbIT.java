package io.tandem.it;

import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.BeforeAll;

/** {@link PrepareOrderByScenario} against MariaDB 10.11, which sends every parameter definition it announces. */
class ProxyPrepareOrderByMariaDbIT extends PrepareOrderByScenario {

    @BeforeAll
    static void start() throws Exception {
        start(Flavor.MARIADB);
    }
}
