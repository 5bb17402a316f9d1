package io.tandem.proxy.frontend;

import io.netty.channel.embedded.EmbeddedChannel;
import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.backend.EmbeddedBackend;
import io.tandem.proxy.routing.Reason;
import io.tandem.proxy.session.PinReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BindingTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final EmbeddedChannel other = new EmbeddedChannel();
    private final BackendConnection connection = EmbeddedBackend.connection(channel, EmbeddedProxy.SERVER);
    private final BackendConnection second = EmbeddedBackend.connection(other, EmbeddedProxy.SERVER);
    private final Binding binding = new Binding();

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
        other.finishAndReleaseAll();
    }

    @Test
    void withNoReasonTheConnectionGoesBackAfterEveryCommand() {
        assertThat(binding.settle(connection, false)).isFalse();

        assertThat(binding.bound()).isFalse();
        assertThat(binding.reasons()).isEmpty();
        assertThat(binding.replaceable()).isTrue();
    }

    @Test
    void theReasonsAreValuesAndTheRoutingReasonFollowsTheStrongest() {
        binding.transaction(true);
        binding.cursor(true);
        assertThat(binding.settle(connection, true)).isTrue();

        assertThat(binding.reasons()).containsExactlyInAnyOrder(HoldReason.TRANSACTION, HoldReason.CURSOR);
        assertThat(binding.routingReason()).isEqualTo(Reason.HELD_TRANSACTION);
        assertThat(binding.onReplica()).isTrue();

        binding.pin(PinReason.USER_VARIABLE);
        assertThat(binding.routingReason()).isEqualTo(Reason.HELD_PINNED);
        binding.transaction(false);
        binding.reset();
        binding.cursor(true);
        assertThat(binding.routingReason()).isEqualTo(Reason.HELD_CURSOR);
    }

    @Test
    void aPinIsForGoodUntilReset() {
        assertThat(binding.pin(PinReason.TEMPORARY_TABLE)).isTrue();
        assertThat(binding.pin(PinReason.USER_LOCK)).as("already pinned").isFalse();
        assertThat(binding.pin()).isEqualTo(PinReason.TEMPORARY_TABLE);

        binding.reset();

        assertThat(binding.pin()).isNull();
        assertThat(binding.reasons()).isEmpty();
    }

    @Test
    void theRoleOfAKeptConnectionIsThatOfTheCommandThatFirstKeptIt() {
        binding.cursor(true);
        binding.settle(connection, true);

        binding.settle(connection, false);
        assertThat(binding.onReplica()).as("the same connection: still the replica's").isTrue();

        binding.settle(second, false);
        assertThat(binding.onReplica()).isFalse();
        assertThat(binding.connection()).isSameAs(second);
    }

    @Test
    void warningsAloneKeepTheConnectionOnlyForDiagnostics() {
        binding.diagnostics().statementEnded(1, false, false);
        binding.settle(connection, false);

        assertThat(binding.forDiagnosticsOnly()).isTrue();
        assertThat(binding.routingReason()).isEqualTo(Reason.HELD_DIAGNOSTICS);
        assertThat(binding.shareableAtClose(false)).as("warnings are no one else's concern").isTrue();

        assertThat(binding.unbind()).isSameAs(connection);
        assertThat(binding.reasons()).as("what was readable on it is gone").isEmpty();
    }

    @Test
    void aLostConnectionTakesTheClientWithItOnlyWhenItCarriedState() {
        binding.cursor(true);
        binding.settle(connection, false);
        assertThat(binding.replaceable()).isFalse();
        assertThat(binding.lose()).as("a cursor dies with its statement, not with the session").isFalse();
        assertThat(binding.reasons()).isEmpty();

        binding.transaction(true);
        binding.settle(connection, false);
        assertThat(binding.lose()).isTrue();

        binding.pin(PinReason.LOCK_TABLES);
        binding.settle(connection, false);
        assertThat(binding.lose()).isTrue();
    }

    @Test
    void longDataOrWarningsDoNotStopARetryButDoStopSharingMidCommand() {
        binding.longData(true);
        binding.diagnostics().statementEnded(2, false, false);

        assertThat(binding.replaceable()).as("nothing bound yet, long data is sent again").isTrue();
        assertThat(binding.shareableAtClose(false)).as("long data of this session stays off others").isFalse();

        binding.longData(false);
        assertThat(binding.shareableAtClose(true)).as("mid-command: the server is still answering").isFalse();
        assertThat(binding.shareableAtClose(false)).isTrue();
    }
}
