package io.tandem.proxy.observer;

import io.tandem.topology.instance.InstanceKey;
import io.tandem.topology.probe.InstanceProbe;
import io.tandem.topology.probe.ProbeException;
import io.tandem.topology.probe.ProbeResult;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/** A probe answering what each test sets per instance: a result, a failure, or nothing until released. */
final class FakeProbe implements InstanceProbe {

    private sealed interface Answer permits Answers, Fails, Hangs {
    }

    private record Answers(ProbeResult result) implements Answer {
    }

    private record Fails(String message) implements Answer {
    }

    private record Hangs(CountDownLatch release) implements Answer {
    }

    private final Map<InstanceKey, Answer> answers = new ConcurrentHashMap<>();

    void answers(InstanceKey key, ProbeResult result) {
        answers.put(key, new Answers(result));
    }

    void fails(InstanceKey key, String message) {
        answers.put(key, new Fails(message));
    }

    /** Probes of {@code key} block until the returned latch is counted down, then fail. */
    CountDownLatch hangs(InstanceKey key) {
        CountDownLatch release = new CountDownLatch(1);
        answers.put(key, new Hangs(release));
        return release;
    }

    @Override
    public ProbeResult probe(InstanceKey key) throws ProbeException {
        Answer answer = answers.get(key);
        if (answer == null) {
            throw new ProbeException(key + ": no answer configured");
        }
        if (answer instanceof Answers a) {
            return a.result();
        }
        if (answer instanceof Hangs h) {
            try {
                h.release().await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new ProbeException(key + ": released");
        }
        throw new ProbeException(((Fails) answer).message());
    }
}
