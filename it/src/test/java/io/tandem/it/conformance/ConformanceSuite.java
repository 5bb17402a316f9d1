package io.tandem.it.conformance;

import io.tandem.topology.flavor.Flavor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs every conformance script that applies to a flavor, under each of its client profiles, once directly against
 * the primary and once through the proxy, and compares what the client received.
 *
 * <p>Isolation: both passes of a case use the same schema, {@code conf_<script>_<profile>}, dropped and created
 * afresh (and replicated to every replica) before each pass, so the passes see the same starting state and names
 * (no schema mask is needed, and auto-increment values match).
 *
 * <p>Transports: a profile that asks for TLS or compression needs the server to offer it, or the case is skipped
 * with the reason (a skipped case is never counted identical, and must be listed as skipped, see
 * {@link KnownDifferences}); through the proxy TLS is required as well.
 */
public final class ConformanceSuite {

    /** Where to connect and as whom: the primary directly, and the proxy. */
    public record Endpoints(int directPort, int proxyPort, String user, String password) {
    }

    /** Drops and creates {@code schema} on the primary and waits until every replica has done the same. */
    @FunctionalInterface
    public interface FreshSchema {
        void recreate(String schema) throws Exception;
    }

    private final Flavor flavor;
    private final List<Script> scripts;

    private ConformanceSuite(Flavor flavor, List<Script> scripts) {
        this.flavor = flavor;
        this.scripts = scripts;
    }

    /** The corpus's scripts for {@code flavor}. */
    public static ConformanceSuite forFlavor(Flavor flavor) {
        return new ConformanceSuite(flavor, Corpus.load().stream().filter(s -> s.appliesTo(flavor)).toList());
    }

    /**
     * Runs every case {@code rounds} times, writes the report to {@code report} and returns what is wrong against
     * the flavor's known-differences list: unlisted differences, listed cases now identical, stale entries. Empty
     * means pass. More than one round tells a difference that comes and goes (it depends on which pooled backend
     * connection serves a statement) from one that is always there.
     */
    public List<String> check(Endpoints endpoints, FreshSchema fresh, Path report, int rounds) throws Exception {
        TranscriptFiles transcripts = new TranscriptFiles(report);
        List<CaseResult> results = run(endpoints, fresh, transcripts);
        for (int round = 2; round <= rounds; round++) {
            List<CaseResult> again = run(endpoints, fresh, transcripts);
            for (int i = 0; i < results.size(); i++) {
                results.set(i, results.get(i).and(again.get(i)));
            }
        }
        KnownDifferences known = KnownDifferences.load(flavor);
        List<String> problems = known.problems(results);
        ConformanceReport.write(report, flavor, results, known, problems);
        return problems;
    }

    /** Every case's result, in corpus order. */
    List<CaseResult> run(Endpoints endpoints, FreshSchema fresh, TranscriptFiles transcripts) throws Exception {
        List<CaseResult> results = new ArrayList<>();
        for (Script script : scripts) {
            for (ClientProfile profile : script.profiles()) {
                results.add(runCase(script, profile, endpoints, fresh, transcripts));
            }
        }
        return results;
    }

    private static CaseResult runCase(Script script, ClientProfile profile, Endpoints endpoints, FreshSchema fresh,
                                      TranscriptFiles transcripts) throws Exception {
        String name = script.caseName(profile);
        String schema = ("conf_" + script.name().replaceAll("[^A-Za-z0-9]", "_") + "_" + profile.label());
        Login login = new Login(endpoints.user(), endpoints.password(), script.options().withSchema() ? schema : "",
                profile.flags(script.multiStatements()));
        TranscriptNormaliser normaliser = new TranscriptNormaliser(profile.asks(Capability.COMPRESS));
        List<Transport> transports = new ArrayList<>();
        try {
            fresh.recreate(schema);
            Transcript direct = ScriptRunner.run(script, endpoints.directPort(), login, schema);
            transports.add(direct.transport());
            Optional<String> unmet = unmet(profile, direct.transport());
            if (unmet.isPresent()) {
                return CaseResult.skipped(name, "the server does not offer " + unmet.get() + ": nothing to compare"
                        + " the proxy with", direct.transport());
            }
            List<NormalisedExchange> directPackets = normaliser.normalise(direct);
            transcripts.write(name, "direct", direct.transport(), directPackets);
            fresh.recreate(schema);
            Transcript proxied = ScriptRunner.run(script, endpoints.proxyPort(), login, schema);
            transports.add(proxied.transport());
            List<NormalisedExchange> proxiedPackets = normaliser.normalise(proxied);
            transcripts.write(name, "proxied", proxied.transport(), proxiedPackets);
            Optional<Difference> difference = TranscriptComparer.firstDifference(directPackets, proxiedPackets);
            Optional<String> failure = profile.asks(Capability.SSL) && !proxied.transport().tls()
                    ? Optional.of("the proxy does not offer TLS (CLIENT_SSL) where the server does: a client that"
                    + " requires TLS cannot connect")
                    : profile.asks(Capability.COMPRESS) && !proxied.transport().compressed()
                    ? Optional.of("the proxy does not offer compression (CLIENT_COMPRESS) where the server does:"
                    + " the client's traffic is not compressed") : Optional.empty();
            return CaseResult.ofRound(name, failure.isPresent() ? Optional.empty() : difference, failure, transports,
                    normaliser.applied());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        } catch (Exception e) {
            // the boundary of a case: one that cannot run (a session refused, a script error, a schema that cannot
            // be made fresh because an earlier pass left a lock) is reported as such; the others still run
            return CaseResult.ofRound(name, Optional.empty(), Optional.of(e + " at " + Arrays.stream(e.getStackTrace())
                    .limit(3).map(StackTraceElement::toString).collect(Collectors.joining(" < "))), transports,
                    normaliser.applied());
        }
    }

    /**
     * What {@code profile} asks of the connection that the direct session did not get (the server's greeting did
     * not offer it). Through the proxy both are required too (see {@link #runCase}): the proxy offers TLS and zlib
     * compression to clients.
     */
    private static Optional<String> unmet(ClientProfile profile, Transport direct) {
        if (profile.asks(Capability.SSL) && !direct.tls()) {
            return Optional.of("TLS (CLIENT_SSL)");
        }
        if (profile.asks(Capability.COMPRESS) && !direct.compressed()) {
            return Optional.of("compression (CLIENT_COMPRESS)");
        }
        return Optional.empty();
    }
}
