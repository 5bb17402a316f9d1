package io.tandem.it;

import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.BeforeAll;

/** {@link KillScenario} against MariaDB 10.11, which also has KILL QUERY ID and KILL HARD|SOFT. */
class ProxyKillMariaDbIT extends KillScenario {

    @BeforeAll
    static void start() {
        start(Flavor.MARIADB);
    }
}
