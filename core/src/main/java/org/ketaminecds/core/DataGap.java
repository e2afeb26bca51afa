package org.ketaminecds.core;

/**
 * An input a rule needed and did not get.
 *
 * <p>A current medication the package cannot recognise by its code is a gap of the record itself, not of one
 * rule's input: {@code ruleId} is {@value #DATA_QUALITY_RULE} (data quality), {@code input} {@value #MEDICATION_CODE},
 * and {@code reason} names the resource ids, the name, the codes ({@code system|code}), what is wrong, the drug of
 * the package its name looks like, if any, and the fix ("map X to ..."). It does not change the disposition by
 * itself; rules that read a drug class it looks like report CANNOT_ASSESS with gaps of their own.
 *
 * @param ruleId the rule that could not be assessed
 * @param input  what it needed, in clinical words ("pre-dose BP")
 * @param reason why it was not usable ("none within 60 min before T0")
 */
public record DataGap(String ruleId, String input, String reason) {

    /** The rule a gap of the record itself is filed under: KET-MON-020, data quality. */
    public static final String DATA_QUALITY_RULE = "KET-MON-020";
    /** The input of the gap of a medication the package cannot recognise. */
    public static final String MEDICATION_CODE = "medication code";

    /** True for the gap of a current medication the package cannot recognise by its code. */
    public boolean unrecognisedMedication() {
        return DATA_QUALITY_RULE.equals(ruleId) && MEDICATION_CODE.equals(input);
    }
}
