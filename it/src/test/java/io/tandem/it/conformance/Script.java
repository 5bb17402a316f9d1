package io.tandem.it.conformance;

import io.tandem.topology.flavor.Flavor;

import java.util.List;
import java.util.Optional;

/**
 * One conformance case as written in {@code src/test/resources/conformance/<name>.test}: the client profiles to
 * run it under, whether the client announces CLIENT_MULTI_STATEMENTS, the only flavor it applies to (if any), how
 * its session starts, and its steps.
 */
record Script(String name, List<ClientProfile> profiles, boolean multiStatements, Optional<Flavor> onlyFlavor,
              Options options, List<Step> steps) {

    /**
     * How the session starts: {@code withSchema} logs in with the case's schema as default (CLIENT_CONNECT_WITH_DB);
     * {@code compareLogin} compares the answer to the login too (only the scripts about logging in do, so that one
     * difference there does not hide every later one); {@code isolated} runs it after every other case, because a
     * failure in it is known to leave the proxy in a state that could change the outcome of the cases after it.
     */
    record Options(boolean withSchema, boolean compareLogin, boolean isolated) {
    }

    boolean appliesTo(Flavor flavor) {
        return onlyFlavor.map(flavor::equals).orElse(true);
    }

    /** The name of its run under {@code profile}, as reports and known-differences files use it. */
    String caseName(ClientProfile profile) {
        return name + "[" + profile.label() + "]";
    }
}
