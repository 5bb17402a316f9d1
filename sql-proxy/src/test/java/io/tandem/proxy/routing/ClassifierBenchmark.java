package io.tandem.proxy.routing;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The classifier's cost per statement, for statements shaped like sysbench's and an ORM's. Not a unit test: run
 * {@link #main} from the test classpath (JMH's annotation processor generates the harness at test-compile).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ClassifierBenchmark {

    private static final Map<String, String> STATEMENTS = Map.of(
            "point_select", "SELECT c FROM sbtest1 WHERE id=?",
            "range_order", "SELECT c FROM sbtest3 WHERE id BETWEEN 5012 AND 5111 ORDER BY c",
            "update", "UPDATE sbtest1 SET k=k+1 WHERE id=5039",
            "orm_join", "/* app=shop,route=cart */ SELECT o.id, o.total, c.name, c.email FROM orders o "
                    + "JOIN customers c ON c.id = o.customer_id WHERE o.status IN ('open', 'paid') AND "
                    + "o.created_at > '2024-01-01 00:00:00' AND c.note <> 'FOR UPDATE' ORDER BY o.created_at DESC "
                    + "LIMIT 50 FOR UPDATE",
            "dump_set", "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT, autocommit=0 */");

    @Param({"point_select", "range_order", "update", "orm_join", "dump_set"})
    public String statement;

    private final StatementClassifier classifier = new StatementClassifier();
    private String sql;

    @Setup
    public void setUp() {
        sql = STATEMENTS.get(statement);
    }

    @Benchmark
    public Classification classify() {
        return classifier.classify(sql);
    }

    @Benchmark
    public void lex(Blackhole blackhole) {
        SqlLexer lexer = new SqlLexer(sql);
        while (lexer.next() != TokenKind.END) {
            blackhole.consume(lexer.end());
        }
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder()
                .include(ClassifierBenchmark.class.getSimpleName())
                .addProfiler(GCProfiler.class)
                .build()).run();
    }
}
