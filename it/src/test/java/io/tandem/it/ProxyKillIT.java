package io.tandem.it;

import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.BeforeAll;

/** {@link KillScenario} against MySQL 8.0.31. */
class ProxyKillIT extends KillScenario {

    @BeforeAll
    static void start() {
        start(Flavor.MYSQL);
    }
}
