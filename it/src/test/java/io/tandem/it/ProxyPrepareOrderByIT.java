package io.tandem.it;

import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.BeforeAll;

/** {@link PrepareOrderByScenario} against MySQL 8.0.31, which announces parameters it sends no definition for. */
class ProxyPrepareOrderByIT extends PrepareOrderByScenario {

    @BeforeAll
    static void start() throws Exception {
        start(Flavor.MYSQL);
    }
}
