package org.ketaminecds.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ketaminecds.core.KnowledgePackageException.Problem;

/**
 * What a rule file may use: every way out of the vocabulary is refused with its line, before anything is compiled.
 * (The bundled package passes: KnowledgePackageTest in the rules module loads a copy of it.)
 */
class DrlAllowListTest {

    private static final String HEADER = """
            package org.ketaminecds.rules;

            import java.util.List;
            import org.ketaminecds.core.Mode;
            import org.ketaminecds.core.Severity;
            import org.ketaminecds.core.vocabulary.Evaluation;
            import org.ketaminecds.core.vocabulary.Hit;
            import org.ketaminecds.core.vocabulary.Reading;
            """;
    /** The line {@link #ruleThat} puts its statement on. */
    private static final int STATEMENT = 15;

    /** A rule of the catalog's form whose consequence is {@code statement}, on line {@link #STATEMENT}. */
    private static String ruleThat(String statement) {
        return HEADER + """

                rule "KET-CAND-001 injected"
                    @modes(CANDIDACY)
                when
                    $e : Evaluation()
                then
                    %s
                end
                """.formatted(statement);
    }

    private static List<String> check(String drl) {
        return DrlAllowList.check("candidacy.drl", drl).stream().map(Problem::toString).toList();
    }

    static Stream<Arguments> waysOut() {
        return Stream.of(
                Arguments.of("Runtime.exec", "Runtime.getRuntime().exec(\"touch /tmp/x\");", "'Runtime' is not allowed"),
                Arguments.of("System.exit", "System.exit(0);", "'System' is not allowed"),
                Arguments.of("a process", "new ProcessBuilder(\"sh\").start();", "'ProcessBuilder' is not allowed"),
                Arguments.of("reflection", "Object m = \"x\".getClass().getMethod(\"length\");", "'getClass' is not allowed"),
                Arguments.of("a class literal", "Object c = String.class;", "'class' is not allowed"),
                Arguments.of("Class.forName", "Class.forName(\"java.lang.Runtime\");", "'Class' is not allowed"),
                Arguments.of("file I/O", "java.nio.file.Files.readString(java.nio.file.Path.of(\"/etc/passwd\"));",
                        "'java.nio.file.Files' is not allowed"),
                Arguments.of("network I/O", "new java.net.Socket(\"example.org\", 80);", "'java.net.Socket' is not allowed"),
                Arguments.of("a thread", "new Thread(() -> { }).start();", "'Thread' is not allowed"),
                Arguments.of("a fully-qualified name", "java.lang.Runtime.getRuntime().halt(0);",
                        "'java.lang.Runtime' is not allowed: a rule names a type by its simple name"),
                Arguments.of("the engine's context", "drools.getKieRuntime().halt();", "'drools' is not allowed"),
                Arguments.of("the rule's context", "kcontext.getKieRuntime().halt();", "'kcontext' is not allowed"),
                Arguments.of("a clock read", "insert(Hit.fired(\"KET-CAND-001\", Severity.INFO).on(java.time.Instant.now().toString()));",
                        "'java.time.Instant' is not allowed"),
                Arguments.of("a JDK member off the list", "double r = Math.random();", "'Math.random' is not allowed"),
                Arguments.of("a method off the list", "List l = List.of(); l.forEach(x -> { });", "'forEach' is not allowed"),
                Arguments.of("a call to no function", "insert(cnsClassez($e));", "'cnsClassez(...)' is not allowed"),
                Arguments.of("a Java keyword off the list", "synchronized (this) { }", "'synchronized' is not allowed"),
                Arguments.of("a unicode escape", "// \\u000a Runtime.getRuntime();", "unicode escapes (\\u...) are not allowed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("waysOut")
    void check_consequenceThatReachesOutTheVocabulary_refusedAtItsLine(String what, String statement, String refused) {
        assertThat(check(ruleThat(statement))).anySatisfy(p -> assertThat(p).startsWith("candidacy.drl:" + STATEMENT
                + ": " + refused));
    }

    @Test
    void check_codeInAConditionEvalFromAndMetadata_refusedAtItsLine() {
        String drl = HEADER + """

                rule "KET-CAND-001 injected" @modes(Runtime.getRuntime().exec("x"))
                when
                    $e : Evaluation( System.getenv("X") != null )
                    eval( System.nanoTime() > 0 )
                    $x : Object() from System.getProperties()
                then
                end
                """;

        assertThat(check(drl)).containsExactly(
                "candidacy.drl:10: 'Runtime' is not allowed: a rule may name only the vocabulary's types and the "
                        + "listed JDK types (docs/authoring.md, \"What a rule may use\")",
                "candidacy.drl:12: 'System' is not allowed: a rule may name only the vocabulary's types and the listed "
                        + "JDK types (docs/authoring.md, \"What a rule may use\")",
                "candidacy.drl:13: 'System' is not allowed: a rule may name only the vocabulary's types and the listed "
                        + "JDK types (docs/authoring.md, \"What a rule may use\")",
                "candidacy.drl:14: 'System' is not allowed: a rule may name only the vocabulary's types and the listed "
                        + "JDK types (docs/authoring.md, \"What a rule may use\")");
    }

    @Test
    void check_declareWithADefault_refusedAtTheDeclareAndTheCall() {
        String drl = HEADER + """

                declare Injected
                    started : String = String.valueOf(Runtime.getRuntime().availableProcessors())
                end
                """;

        assertThat(check(drl)).containsExactly(
                "candidacy.drl:10: 'declare' is not allowed: rules use the vocabulary's types and declare none of "
                        + "their own",
                "candidacy.drl:11: 'Runtime' is not allowed: a rule may name only the vocabulary's types and the "
                        + "listed JDK types (docs/authoring.md, \"What a rule may use\")");
    }

    @Test
    void check_importsGlobalsQueriesAttributesAndAnotherPackage_refusedAtTheirLines() {
        String drl = """
                package org.ketaminecds.core;

                import java.io.File;
                import static java.lang.System.exit;
                import org.ketaminecds.core.vocabulary.Evaluation;
                global java.util.List sink;

                query "everything" Evaluation( ) end

                rule "KET-CAND-001 first" salience 10 dialect "mvel"
                when
                    Evaluation( )
                then
                end
                """;

        assertThat(check(drl)).contains(
                "candidacy.drl:1: a rule file starts with 'package org.ketaminecds.rules;'",
                "candidacy.drl:3: import java.io.File is not allowed: a rule file imports only the vocabulary's types, "
                        + "the core enums rules use and the listed JDK types (docs/authoring.md, \"What a rule may use\")",
                "candidacy.drl:4: 'import function' and 'import static' are not allowed: a rule calls the package's "
                        + "own functions and the vocabulary's methods",
                "candidacy.drl:6: 'global' is not allowed: a rule sees only the facts of its evaluation",
                "candidacy.drl:8: 'query' is not allowed",
                "candidacy.drl:10: rule attribute 'salience' is not allowed: a rule's order and dialect are the engine's");
    }

    /** A text block is one string to Java, and code between two strings to MVEL: no way to tell what runs. */
    @Test
    void check_textBlock_refused() {
        String drl = ruleThat("String s = \"\"\"\n        \" + Runtime.getRuntime().exec(\"x\") + \"\n        \"\"\";");

        assertThat(check(drl)).containsExactly(
                "candidacy.drl:" + STATEMENT + ": text blocks (\"\"\") are not allowed in rule files");
    }

    @Test
    void check_ruleInTheVocabulary_noProblems() {
        String drl = HEADER + """

                rule "KET-CAND-001 in the vocabulary"
                    @modes(CANDIDACY, PRE_DOSE)
                when
                    $e : Evaluation()
                    $r : List( size > 0 ) from collect( Reading( concept == "VS-PHQ9-TOTAL", value != null,
                                                                 value >= $e.threshold("CAND_PHQ9_SUPPORTS_MIN") ) )
                    not Reading( isAnyOf("VS-MADRS-TOTAL", "VS-PHQ9-TOTAL"), latest, status not in ("entered-in-error") )
                    eval( $r.size() < Math.max(1, 2) )
                then
                    List ids = new java.util.ArrayList();
                    insert(Hit.fired("KET-CAND-001", Severity.WARNING).on(ids));
                end
                """;

        assertThat(check(drl)).containsExactly("candidacy.drl:" + lineOf(drl, "new java.util.ArrayList")
                + ": 'java.util.ArrayList' is not allowed: a rule names a type by its simple name, imported from the "
                + "allowed list (docs/authoring.md, \"What a rule may use\")");
        assertThat(check(drl.replace("new java.util.ArrayList()", "new ArrayList()")
                .replace("import java.util.List;", "import java.util.ArrayList;\nimport java.util.List;"))).isEmpty();
    }

    /** Logic beyond a pattern lives in core.derived, typed and tested: a rule file defines no function (issue 14). */
    @Test
    void check_function_refusedAtItsLine() {
        String drl = HEADER + """

                function String latestIds(List readings) {
                    return String.valueOf(readings.size());
                }
                """;

        assertThat(check(drl)).containsExactly("candidacy.drl:" + lineOf(drl, "function String latestIds")
                + ": 'function' is not allowed: a rule calls the vocabulary's and core.derived's methods; logic that "
                + "needs Java goes into core (docs/extending.md)");
    }

    private static int lineOf(String drl, String text) {
        return drl.substring(0, drl.indexOf(text)).split("\n", -1).length;
    }

    @Test
    void check_syntaxError_oneLineAtItsLineAndNothingElseChecked() {
        String drl = ruleThat("System.exit(0);").replace("Evaluation()", "Evaluation( asOf == == null )");

        assertThat(check(drl)).containsExactly("candidacy.drl:13: [ERR 101] Line 13:29 no viable alternative at input "
                + "'==' in rule \"KET-CAND-001 injected\"");
    }
}
