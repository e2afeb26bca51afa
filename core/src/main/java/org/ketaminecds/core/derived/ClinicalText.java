package org.ketaminecds.core.derived;

/**
 * How values read in a finding's text: numbers without a needless ".0", doses in mg, times and intervals. The one
 * formatter the rules use for the values they hand to the wording ({@code Hit.with("dose", ClinicalText.mg(...))}).
 */
public final class ClinicalText {

    private ClinicalText() {
    }
}
