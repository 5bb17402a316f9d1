package io.tandem.topology.view;

import io.tandem.topology.instance.InstanceKey;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterViewTest {

    private final ClusterView view = SampleViews.mysql("prod", 3);

    @Test
    void listsThePrimaryFirstThenTheReplicasInViewOrder() {
        assertThat(view.members().map(Member::key).map(InstanceKey::toString))
                .containsExactly("db1:3306", "db2:3306", "db3:3306");
        assertThat(view.primaryKey()).isEqualTo(InstanceKey.parse("db1:3306"));
    }

    @Test
    void findsAMemberByKey() {
        assertThat(view.member(InstanceKey.parse("db3:3306"))).map(Member::state).contains(MemberState.STOPPED);
        assertThat(view.member(InstanceKey.parse("db1:3306"))).contains(view.primary());
        assertThat(view.member(InstanceKey.parse("db9:3306"))).isEmpty();
    }

    @Test
    void aNewEpochKeepsTheMembers() {
        Instant at = SampleViews.OBSERVED_AT.plusSeconds(5);

        ClusterView next = view.withEpoch(4, at);

        assertThat(next.epoch()).isEqualTo(4);
        assertThat(next.observedAt()).isEqualTo(at);
        assertThat(next.primary()).isEqualTo(view.primary());
        assertThat(next.replicas()).isEqualTo(view.replicas());
        assertThat(next.cluster()).isEqualTo("prod");
    }

    @Test
    void refusesAViewWithoutNameEpochOrPrimary() {
        assertThatThrownBy(() -> copy(" ", 1, view.primary()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cluster name");
        assertThatThrownBy(() -> copy("prod", 0, view.primary()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("epoch must be at least 1, got 0");
        assertThatThrownBy(() -> copy("prod", 1, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a primary");
        assertThatThrownBy(() -> new Member(null, view.primary().instance(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void holdsItsOwnCopyOfTheReplicas() {
        List<Member> replicas = new ArrayList<>(view.replicas());
        ClusterView copy = new ClusterView("prod", 1, view.flavor(), view.primary(), replicas, false, view.observedAt());

        replicas.clear();

        assertThat(copy.replicas()).hasSize(2);
        assertThatThrownBy(() -> copy.replicas().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void onlyDecidedStatesAreAdministrative() {
        assertThat(List.of(MemberState.values())).filteredOn(MemberState::administrative)
                .containsExactly(MemberState.MAINTENANCE, MemberState.FENCED, MemberState.QUARANTINED);
    }

    private ClusterView copy(String cluster, long epoch, Member primary) {
        return new ClusterView(cluster, epoch, view.flavor(), primary, view.replicas(), false, view.observedAt());
    }
}
