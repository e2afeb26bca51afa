package org.ketaminecds.core.vocabulary;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ketaminecds.core.ContraindicationType;
import org.ketaminecds.core.Outcome;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.Severity;

/**
 * What a rule asserts when it fires: the engine turns hits into explained findings, with the wording of the
 * knowledge package. Other rules may match on hits (e.g. KET-CAND-005 reads KET-CAND-004's), never on wording.
 *
 * <pre>
 * insert(Hit.fired("KET-CONTRA-001", Severity.CRITICAL).absolute().on($d.id()));
 * </pre>
 *
 * @param ruleId           catalog id
 * @param variant          which wording of the rule applies ({@code default} unless named)
 * @param outcome          FIRED or CANNOT_ASSESS
 * @param severity         severity of this branch
 * @param contraindication type of a contraindication branch, or {@code null}
 * @param product          the product a product-scoped branch speaks for, or {@code null}
 * @param evidence         resource ids that triggered it
 * @param thresholds       named thresholds used, with their values
 * @param params           values for the wording's placeholders
 * @param input            for CANNOT_ASSESS: the input that was missing
 * @param reason           for CANNOT_ASSESS: why it was missing
 * @param suspected        the evidence is provisional: an absolute branch counts as relative ("suspected")
 */
public record Hit(
        String ruleId,
        String variant,
        Outcome outcome,
        Severity severity,
        ContraindicationType contraindication,
        Product product,
        List<String> evidence,
        Map<String, Number> thresholds,
        Map<String, String> params,
        String input,
        String reason,
        boolean suspected) {

    public static final String DEFAULT_VARIANT = "default";

    public Hit {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(severity, "severity");
        evidence = List.copyOf(evidence);
        thresholds = Map.copyOf(thresholds);
        params = Map.copyOf(params);
    }

    /** The rule's condition is met at this severity. */
    public static Hit fired(String ruleId, Severity severity) {
        return new Hit(ruleId, DEFAULT_VARIANT, Outcome.FIRED, severity, null, null, List.of(), Map.of(), Map.of(),
                null, null, false);
    }

    /** The rule could not be judged because {@code input} is missing or unusable, for {@code reason}. */
    public static Hit cannotAssess(String ruleId, Severity severity, String input, String reason) {
        return new Hit(ruleId, DEFAULT_VARIANT, Outcome.CANNOT_ASSESS, severity, null, null, List.of(), Map.of(),
                Map.of(), input, reason, false);
    }

    /** Chooses the wording variant, e.g. {@code "repaired"}. */
    public Hit named(String wordingVariant) {
        return new Hit(ruleId, wordingVariant, outcome, severity, contraindication, product, evidence, thresholds,
                params, input, reason, suspected);
    }

    public Hit absolute() {
        return typed(ContraindicationType.ABSOLUTE);
    }

    public Hit relative() {
        return typed(ContraindicationType.RELATIVE);
    }

    private Hit typed(ContraindicationType type) {
        return new Hit(ruleId, variant, outcome, severity, type, product, evidence, thresholds, params, input,
                reason, suspected);
    }

    /** Marks a product-scoped branch. */
    public Hit forProduct(Product scope) {
        return new Hit(ruleId, variant, outcome, severity, contraindication, scope, evidence, thresholds, params,
                input, reason, suspected);
    }

    /** Adds the ids of the resources that triggered it. */
    public Hit on(String... resourceIds) {
        return on(List.of(resourceIds));
    }

    public Hit on(Collection<String> resourceIds) {
        List<String> all = new ArrayList<>(evidence);
        all.addAll(resourceIds);
        return new Hit(ruleId, variant, outcome, severity, contraindication, product, all, thresholds, params, input,
                reason, suspected);
    }

    /** Records the named thresholds the rule compared against, with the values in force. */
    public Hit using(Evaluation evaluation, String... thresholdNames) {
        Map<String, Number> all = new LinkedHashMap<>(thresholds);
        for (String name : thresholdNames) {
            all.put(name, evaluation.thresholds().number(name));
        }
        return new Hit(ruleId, variant, outcome, severity, contraindication, product, evidence, all, params, input,
                reason, suspected);
    }

    /** Fills a wording placeholder: {@code {name}} in the summary or detail. */
    public Hit with(String name, Object value) {
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put(name, String.valueOf(value));
        return new Hit(ruleId, variant, outcome, severity, contraindication, product, evidence, thresholds, all,
                input, reason, suspected);
    }

    /** A provisional or differential diagnosis lowers an absolute contraindication to a relative one. */
    public Hit suspectedIf(boolean provisional) {
        return new Hit(ruleId, variant, outcome, severity, contraindication, product, evidence, thresholds, params,
                input, reason, suspected || provisional);
    }
}
