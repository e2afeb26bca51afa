package org.ketaminecds.core.vocabulary;

import org.ketaminecds.core.record.Sex;

/**
 * The patient.
 *
 * @param id       {@code Patient/<id>}
 * @param ageYears completed years at asOf, or {@code null} when the birth date is unknown
 * @param sex      administrative sex
 */
public record Person(String id, Integer ageYears, Sex sex) {

    public boolean ageKnown() {
        return ageYears != null;
    }
}
