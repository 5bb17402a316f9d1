package io.tandem.it;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module dependency table of DESIGN.md, enforced twice: in every module's pom.xml (which Tandem modules it may
 * declare) and in the compiled classes (which Tandem packages and third-party libraries its code may touch).
 */
class ModuleBoundariesTest {

    /** DESIGN.md, "Modules and what each may depend on": the Tandem modules each module may use. */
    private static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put("topology", Set.of());
        ALLOWED.put("sql-proxy", Set.of("topology"));
        ALLOWED.put("binlog-monitor", Set.of("topology"));
        ALLOWED.put("failover", Set.of("topology", "binlog-monitor"));
        ALLOWED.put("web-console", Set.of("topology"));
        ALLOWED.put("sandbox", Set.of("topology"));
        ALLOWED.put("app", Set.of("topology", "sql-proxy", "binlog-monitor", "failover", "web-console", "sandbox"));
    }

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.tandem");
    }

    @Test
    void everyModulePomDeclaresOnlyTheTandemModulesDesignAllows() throws Exception {
        Path root = Path.of(System.getProperty("tandem.root", ".."));
        for (Map.Entry<String, Set<String>> module : ALLOWED.entrySet()) {
            Path pom = root.resolve(module.getKey()).resolve("pom.xml");
            assertThat(pom).as("module %s", module.getKey()).exists();
            assertThat(tandemDependencies(pom)).as("Tandem modules declared by %s", pom)
                    .isSubsetOf(module.getValue());
        }
    }

    @Test
    void packagesFollowTheModuleTable() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("Topology").definedBy("io.tandem.topology..")
                .layer("Proxy").definedBy("io.tandem.proxy..")
                .layer("Monitor").definedBy("io.tandem.monitor..")
                .layer("Failover").definedBy("io.tandem.failover..")
                .layer("Console").definedBy("io.tandem.console..")
                .layer("Sandbox").definedBy("io.tandem.sandbox..")
                .layer("App").definedBy("io.tandem.app..")
                .whereLayer("App").mayNotBeAccessedByAnyLayer()
                .whereLayer("Sandbox").mayOnlyBeAccessedByLayers("App")
                .whereLayer("Proxy").mayOnlyBeAccessedByLayers("App")
                .whereLayer("Console").mayOnlyBeAccessedByLayers("App")
                .whereLayer("Failover").mayOnlyBeAccessedByLayers("App")
                .whereLayer("Monitor").mayOnlyBeAccessedByLayers("Failover", "App")
                .check(classes);
    }

    /**
     * Inside a module, the areas (io.tandem.&lt;module&gt;.&lt;area&gt;, sub-packages included) depend on each other in one
     * direction only: an area can be read, tested and changed knowing only those below it.
     */
    @Test
    void areasInsideAModuleAreFreeOfCycles() {
        slices().matching("io.tandem.(*).(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void topologyIsSharedVocabularyOnly() {
        noClasses().that().resideInAPackage("io.tandem.topology..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "io.debezium..", "picocli..",
                        "io.micrometer..", "io.tandem.proxy..", "io.tandem.monitor..", "io.tandem.failover..",
                        "io.tandem.console..", "io.tandem.sandbox..", "io.tandem.app..")
                .check(classes);
    }

    @Test
    void theProxyDataPathHasNoJdbc() {
        noClasses().that().resideInAPackage("io.tandem.proxy..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "com.mysql..", "com.zaxxer..")
                .allowEmptyShould(true)
                .check(classes);
    }

    private static Set<String> tandemDependencies(Path pom) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        var document = factory.newDocumentBuilder().parse(Files.newInputStream(pom));
        NodeList dependencies = document.getElementsByTagName("dependency");
        Set<String> modules = new TreeSet<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            String group = text(dependency, "groupId");
            String artifact = text(dependency, "artifactId");
            if ("io.tandem".equals(group) && artifact.startsWith("tandem-")) {
                modules.add(artifact.substring("tandem-".length()));
            }
        }
        return modules;
    }

    private static String text(Element element, String tag) {
        NodeList nodes = element.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }
}
