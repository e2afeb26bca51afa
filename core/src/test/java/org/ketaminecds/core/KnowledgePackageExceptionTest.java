package org.ketaminecds.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ketaminecds.core.KnowledgePackageException.Problem;

class KnowledgePackageExceptionTest {

    @Test
    void problem_mvelMessageOverSeveralLines_oneLineWithTheError() {
        Problem p = new Problem("candidacy.drl", 44, """
                Unable to Analyse Expression modex == Mode.CANDIDACY:
                [Error: unable to resolve method using strict-mode: org.ketaminecds.core.vocabulary.Evaluation.modex()]
                [Near : {... modex == Mode.CANDIDACY ....}]
                             ^
                [Line: 1, Column: 1]""");

        assertThat(p).hasToString("candidacy.drl:44: Unable to Analyse Expression modex == Mode.CANDIDACY: unable to "
                + "resolve method using strict-mode: org.ketaminecds.core.vocabulary.Evaluation.modex()");
    }

    @Test
    void problem_parserMessageWithAStackTrace_oneLineWithoutIt() {
        Problem p = new Problem("tolerance.drl", 3, "Line 3:4 unexpected exception at input 'x'. Exception: "
                + "java.lang.NullPointerException. Stack trace:\n java.lang.NullPointerException\n\tat org.drools.A.b(A.java:1)");

        assertThat(p.message()).isEqualTo("Line 3:4 unexpected exception at input 'x'. Exception: "
                + "java.lang.NullPointerException.");
    }

    @Test
    void getMessage_singleMessageOverSeveralLines_firstLineOnly() {
        assertThat(new KnowledgePackageException("the rules could not be loaded: Error while creating KieBase\n"
                + "[Message [id=1, level=ERROR]]").getMessage())
                .isEqualTo("the rules could not be loaded: Error while creating KieBase");
    }
}
