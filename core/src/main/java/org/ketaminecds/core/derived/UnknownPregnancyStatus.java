package org.ketaminecds.core.derived;

import org.ketaminecds.core.vocabulary.Person;

/**
 * A person of childbearing potential whose pregnancy status is not documented (KET-CONTRA-009): no evidence of
 * pregnancy that KET-CONTRA-008 reads and no recent negative test. The define rule that inserts it holds the
 * conditions; this fact only names the patient.
 *
 * @param person the patient
 */
public record UnknownPregnancyStatus(Person person) {

    /** The patient's id, the finding's evidence. */
    public String personId() {
        return person.id();
    }
}
