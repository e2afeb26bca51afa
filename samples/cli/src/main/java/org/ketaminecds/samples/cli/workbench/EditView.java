package org.ketaminecds.samples.cli.workbench;

import java.util.List;

/** The edit-and-test view's rounds as the page draws them: problems as file:line, failures as expected beside got. */
final class EditView {

    /**
     * One round.
     *
     * @param problems      {@code file:line: message}, errors first as the loop lists them
     * @param affectedRules the rules whose scenarios were re-run
     * @param ran           scenarios of the folder with a result
     * @param failed        the ones that did not pass, with what they expected and got
     */
    record Round(int number, String started, long tookMillis, boolean passed, List<String> changedFiles,
                 List<String> affectedRules, List<String> problems, int ran, List<Failure> failed) {
    }

    /**
     * A scenario that failed.
     *
     * @param failures one line per expectation that did not hold
     * @param got      what the engine answered
     */
    record Failure(String file, String name, List<String> failures, String got) {
    }

    private EditView() {
    }

    static List<Round> of(List<EditRound> rounds) {
        return rounds.stream().map(EditView::round).toList();
    }

    private static Round round(EditRound r) {
        return new Round(r.number(), r.started().toString(), r.took().toMillis(), r.passed(), r.changedFiles(),
                r.affectedRules().stream().sorted().toList(),
                r.problems().stream().map(p -> p.level() + " " + p).toList(), r.scenarios().size(),
                r.scenarios().stream().filter(s -> !s.passed())
                        .map(s -> new Failure(s.file(), s.name(),
                                s.failures().stream().map(Object::toString).toList(), s.got()))
                        .toList());
    }
}
