package io.tandem.topology.store;

import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterJournalTest {

    private static final Instant AT = Instant.parse("2026-03-14T09:26:53.589Z");

    @RegisterExtension
    static final TestingZooKeeper ZOOKEEPER = new TestingZooKeeper();

    private String cluster;
    private ClusterJournal journal;

    @BeforeEach
    void freshCluster(TestInfo test) {
        cluster = test.getTestMethod().orElseThrow().getName();
        journal = new ClusterJournal(ZOOKEEPER.client(), cluster);
    }

    private static JournalEvent event(String actor, int n) {
        return new JournalEvent(AT.plusMillis(n), "RECOVERY_STEP", actor, "step " + n, Map.of("n", String.valueOf(n)));
    }

    @Test
    void anEmptyJournalHasNothingToRead() {
        assertThat(journal.readSince(-1)).isEmpty();
    }

    @Test
    void readsEventsBackOldestFirst() {
        JournalEvent published = new JournalEvent(AT, "VIEW_PUBLISHED", "orch-1", "published epoch 1",
                Map.of("epoch", "1", "primary", "db1:3306"));
        JournalEvent detected = new JournalEvent(AT.plusSeconds(1), "DETECTED", "orch-1", "dead primary", null);

        long first = journal.append(published);
        long second = journal.append(detected);

        assertThat(second).isGreaterThan(first);
        assertThat(journal.readSince(-1))
                .containsExactly(new JournalEntry(first, published), new JournalEntry(second, detected));
        assertThat(journal.readSince(first)).containsExactly(new JournalEntry(second, detected));
        assertThat(journal.readSince(second)).isEmpty();
    }

    @Test
    void concurrentAppendsGetUniqueIncreasingSequences() throws Exception {
        int perWriter = 40;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService writers = Executors.newFixedThreadPool(2);
        List<Future<List<Long>>> appended = new ArrayList<>();
        try {
            for (String actor : List.of("orch-1", "orch-2")) {
                appended.add(writers.submit(() -> {
                    start.await();
                    List<Long> sequences = new ArrayList<>();
                    for (int n = 0; n < perWriter; n++) {
                        sequences.add(journal.append(event(actor, n)));
                    }
                    return sequences;
                }));
            }
            start.countDown();
            List<Long> one = appended.get(0).get(20, TimeUnit.SECONDS);
            List<Long> two = appended.get(1).get(20, TimeUnit.SECONDS);

            assertThat(one).isSorted().doesNotHaveDuplicates();
            assertThat(two).isSorted().doesNotHaveDuplicates();
            List<Long> all = Stream.concat(one.stream(), two.stream()).sorted().toList();
            assertThat(all).doesNotHaveDuplicates().hasSize(2 * perWriter);

            List<JournalEntry> entries = journal.readSince(-1);
            assertThat(entries).extracting(JournalEntry::sequence).containsExactlyElementsOf(all);
            // each writer's events in the order it wrote them
            assertThat(entries).filteredOn(e -> e.event().actor().equals("orch-2"))
                    .extracting(e -> e.event().details().get("n"))
                    .containsExactlyElementsOf(Stream.iterate(0, n -> n + 1).limit(perWriter).map(String::valueOf).toList());

            long cut = all.get(29);
            assertThat(journal.readSince(cut)).extracting(JournalEntry::sequence)
                    .containsExactlyElementsOf(all.subList(30, all.size()));
        } finally {
            writers.shutdownNow();
        }
    }

    @Test
    void eachClusterHasItsOwnJournal() {
        journal.append(event("orch-1", 1));

        assertThat(new ClusterJournal(ZOOKEEPER.client(), cluster + "-2").readSince(-1)).isEmpty();
        assertThat(journal.readSince(-1)).hasSize(1);
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what + " within 10 s").isNegative();
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
    }

    @Test
    void aJournalWithARetentionBoundKeepsOnlyItsNewestEntries() {
        ClusterJournal bounded = new ClusterJournal(ZOOKEEPER.client(), cluster, 150);
        long last = 0;
        for (int i = 1; i <= 4 * ClusterJournal.PRUNE_EVERY; i++) {
            if (i % 2 == 0) {
                last = bounded.append(event("orch-1", i));
            } else {
                bounded.appendInBackground(event("orch-1", i));
            }
        }

        await(() -> journal.readSince(-1).size() == 150, "pruned down to the bound");
        List<JournalEntry> kept = journal.readSince(-1);
        assertThat(kept.get(kept.size() - 1).sequence()).isEqualTo(last);
        assertThat(kept.get(0).event().message()).isEqualTo("step " + (4 * ClusterJournal.PRUNE_EVERY - 149));
    }

    @Test
    void aJournalWithoutABoundKeepsEverything() {
        for (int i = 1; i <= ClusterJournal.PRUNE_EVERY + 1; i++) {
            journal.append(event("orch-1", i));
        }

        assertThat(journal.readSince(-1)).hasSize(ClusterJournal.PRUNE_EVERY + 1);
    }

    @Test
    void aMarkKeepsTheLatestEventOfItsKindWhateverTheJournalHolds() {
        ClusterMarks marks = journal.marks();
        assertThat(marks.get("recovery")).isEmpty();

        marks.putInBackground("recovery", event("orch-1", 1));
        marks.putInBackground("recovery", event("orch-1", 2));
        marks.put("recovery-resolved", event("orch-2", 3));

        // one session's requests apply in order: the read after the writes sees the second one
        assertThat(marks.get("recovery")).contains(event("orch-1", 2));
        assertThat(marks.get("recovery-resolved")).contains(event("orch-2", 3));
        assertThat(journal.readSince(-1)).as("marks are not journal entries").isEmpty();
    }
}
