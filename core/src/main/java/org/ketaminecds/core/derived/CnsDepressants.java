package org.ketaminecds.core.derived;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ketaminecds.core.vocabulary.Medication;

/**
 * The classes of CNS depressant a patient is on (KET-CONTRA-018): each medication value set a current drug is in
 * counts as one class (a combination product in two counts for both), and alcohol is a class too when an active
 * alcohol use disorder or a high AUDIT-C is on record.
 *
 * @param classes        the classes found, in a fixed order: opioid, benzodiazepine, Z-drug, gabapentinoid,
 *                       barbiturate, other CNS depressant, alcohol
 * @param evidence       the ids of the drugs, alcohol use disorders and AUDIT-C readings that were counted
 * @param alcoholScreens whether an AUDIT-C at or above AUDITC_HIGH was among them
 */
public record CnsDepressants(List<String> classes, List<String> evidence, boolean alcoholScreens) {

    /** Value set -> class name, in the order the finding lists them. */
    private static final Map<String, String> DRUG_CLASSES = orderedClasses();
    private static final String ALCOHOL = "alcohol";
    private static final String[] AUDIT_THRESHOLD = {"AUDITC_HIGH"};

    public CnsDepressants {
        classes = List.copyOf(classes);
        evidence = List.copyOf(evidence);
    }

    /**
     * @param drugs             the current CNS-depressant medications
     * @param alcoholDisorders  the active alcohol use disorders (not coded in remission)
     * @param highAlcoholScreens the latest AUDIT-C readings at or above AUDITC_HIGH
     */
    public static CnsDepressants of(Collection<?> drugs, Collection<?> alcoholDisorders,
                                    Collection<?> highAlcoholScreens) {
        List<String> classes = new ArrayList<>();
        DRUG_CLASSES.forEach((valueSet, name) -> {
            if (drugs.stream().anyMatch(d -> ((Medication) d).isA(valueSet))) {
                classes.add(name);
            }
        });
        if (!alcoholDisorders.isEmpty() || !highAlcoholScreens.isEmpty()) {
            classes.add(ALCOHOL);
        }
        List<String> evidence = new ArrayList<>(EvidenceIds.ofAny(drugs));
        evidence.addAll(EvidenceIds.ofAny(alcoholDisorders));
        evidence.addAll(EvidenceIds.ofAny(highAlcoholScreens));
        return new CnsDepressants(classes, evidence, !highAlcoholScreens.isEmpty());
    }

    public int count() {
        return classes.size();
    }

    /** The combination the labels name: an opioid with a benzodiazepine. */
    public boolean opioidWithBenzodiazepine() {
        return classes.contains("opioid") && classes.contains("benzodiazepine");
    }

    /** "opioid + benzodiazepine", for wording. */
    public String described() {
        return String.join(" + ", classes);
    }

    /** The thresholds the finding shows: AUDITC_HIGH only when an AUDIT-C made the alcohol class. */
    public String[] thresholdsUsed() {
        return alcoholScreens ? AUDIT_THRESHOLD.clone() : new String[0];
    }

    private static Map<String, String> orderedClasses() {
        Map<String, String> classes = new LinkedHashMap<>();
        classes.put("VS-OPIOIDS", "opioid");
        classes.put("VS-BENZODIAZEPINES", "benzodiazepine");
        classes.put("VS-ZDRUGS", "Z-drug");
        classes.put("VS-GABAPENTINOIDS", "gabapentinoid");
        classes.put("VS-BARBITURATES", "barbiturate");
        classes.put("VS-OTHER-CNS-DEP", "other CNS depressant");
        return Collections.unmodifiableMap(classes);
    }
}
