package org.ketaminecds.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One explained result of one rule.
 *
 * @param ruleId           catalog id, e.g. {@code KET-CONTRA-001}
 * @param ruleSet          the rule set the rule belongs to
 * @param outcome          FIRED, or CANNOT_ASSESS when the input was missing or unusable
 * @param severity         severity of the branch that fired (or of the missing input)
 * @param contraindication ABSOLUTE or RELATIVE for contraindication branches; {@code null} otherwise
 * @param product          the product a product-scoped finding speaks about; {@code null} when it applies to both
 * @param summary          one line for the clinician
 * @param detail           the knowledge base's clinician text
 * @param reason           what is missing, for CANNOT_ASSESS; {@code null} when FIRED
 * @param evidence         ids of the resources that triggered the finding ({@code Condition/c1})
 * @param thresholds       the named thresholds the rule compared against, with their values
 * @param sources          knowledge-base sources, e.g. {@code S1 §4}
 * @param suggestions      names of suggested actions (turned into FHIR actions by adapters)
 */
public record Finding(
        String ruleId,
        RuleSet ruleSet,
        Outcome outcome,
        Severity severity,
        ContraindicationType contraindication,
        Product product,
        String summary,
        String detail,
        String reason,
        List<String> evidence,
        Map<String, Number> thresholds,
        List<String> sources,
        List<String> suggestions) {

    public Finding {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(ruleSet, "ruleSet");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
        evidence = List.copyOf(evidence);
        thresholds = Map.copyOf(thresholds);
        sources = List.copyOf(sources);
        suggestions = List.copyOf(suggestions);
    }
}
