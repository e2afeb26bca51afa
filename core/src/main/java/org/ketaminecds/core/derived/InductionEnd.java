package org.ketaminecds.core.derived;

import java.time.Instant;
import java.util.List;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.vocabulary.Course;
import org.ketaminecds.core.vocabulary.Evaluation;

/**
 * The end of a course's induction, reached and not yet reviewed (KET-MON-016).
 *
 * @param product  the course's product
 * @param endpoint when induction ended ({@link CoursePhase#inductionEndpoint})
 * @param change   the score before the course and the latest one, or {@code null} when no scale has both
 */
public record InductionEnd(Product product, Instant endpoint, ScoreChange change) {

    /** Of the course and the record's PHQ-9 and MADRS scores. */
    public static InductionEnd of(Course course, Instant endpoint, List<?> scores, Evaluation ev) {
        return new InductionEnd(course.product(), endpoint, ScoreChange.of(scores, course.firstStart(), ev));
    }
}
