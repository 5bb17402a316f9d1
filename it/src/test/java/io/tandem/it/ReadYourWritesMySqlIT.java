package io.tandem.it;

import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.BeforeAll;

/** {@link ReadYourWritesScenario} on MySQL 8.0.31. */
class ReadYourWritesMySqlIT extends ReadYourWritesScenario {

    @BeforeAll
    static void startCluster() throws Exception {
        start(Flavor.MYSQL);
    }
}
