package io.tandem.it;

import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * wait_timeout and interactive_timeout on MySQL 8.0.31: the server sends ERR 4031 ER_CLIENT_INTERACTION_TIMEOUT and
 * closes, and so must the proxy. See {@link WaitTimeoutScenario}.
 */
class ProxyWaitTimeoutIT {

    private static WaitTimeoutScenario scenario;

    @BeforeAll
    static void start() throws Exception {
        scenario = new WaitTimeoutScenario(Flavor.MYSQL);
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
