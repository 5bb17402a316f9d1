package io.tandem.it;

import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Planned switchovers back and forth under load on MYSQL. See {@link SwitchoverScenario}. */
class SwitchoverIT {

    private static SwitchoverScenario scenario;

    @BeforeAll
    static void start() throws Exception {
        scenario = new SwitchoverScenario(Flavor.MYSQL);
    }

    @AfterAll
    static void stop() throws Exception {
        if (scenario != null) {
            scenario.close();
        }
    }

    @Test
    void tenSwitchoversBackAndForthUnderLoadFailNoStatementAndLoseNothing() throws Exception {
        scenario.switchoversUnderLoadFailNoStatementAndLoseNothing(10);
    }
}
