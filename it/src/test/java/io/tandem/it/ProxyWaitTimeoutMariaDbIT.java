package io.tandem.it;

import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * wait_timeout and interactive_timeout on MariaDB 10.11, which closes an idle client's connection without a
 * packet; so must the proxy. See {@link WaitTimeoutScenario}.
 */
class ProxyWaitTimeoutMariaDbIT {

    private static WaitTimeoutScenario scenario;

    @BeforeAll
    static void start() throws Exception {
        scenario = new WaitTimeoutScenario(Flavor.MARIADB);
    }

    @AfterAll
    static void stop() {
        if (scenario != null) {
            scenario.close();
        }
    }

    @Test
    void aSessionsWaitTimeoutDisconnectsItAsTheServerDoes() throws Exception {
        scenario.aSessionsWaitTimeoutDisconnectsItAsTheServerDoes();
    }

    @Test
    void anInteractiveClientIsDisconnectedAfterInteractiveTimeout() throws Exception {
        scenario.anInteractiveClientIsDisconnectedAfterInteractiveTimeout();
    }

    @Test
    void anInteractiveClientsOwnWaitTimeoutStillWins() throws Exception {
        scenario.anInteractiveClientsOwnWaitTimeoutStillWins();
    }
}
