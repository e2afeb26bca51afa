package org.ketaminecds.core;

import java.time.Instant;
import java.util.List;

/**
 * The explained answer for one patient. Decision support for clinicians, not a decision.
 *
 * @param patient        {@code Patient/<id>}
 * @param asOf           the evaluation time
 * @param mode           the evaluation mode
 * @param product        the planned product, or {@code null} when unknown
 * @param knowledge      the knowledge package that produced it
 * @param disposition    the worst consequence of the findings
 * @param findings       ordered by severity (critical first), then rule id
 * @param monitoringPlan scheduled monitoring requirements (pre-dose and post-dose modes)
 * @param dataGaps       inputs that rules needed and did not get
 */
public record Assessment(
        String patient,
        Instant asOf,
        Mode mode,
        Product product,
        KnowledgeInfo knowledge,
        Disposition disposition,
        List<Finding> findings,
        List<MonitoringItem> monitoringPlan,
        List<DataGap> dataGaps) {

    /** Stated on every output. */
    public static final String DISCLAIMER =
            "Decision support for clinicians; not a substitute for clinical judgement.";

    public Assessment {
        findings = List.copyOf(findings);
        monitoringPlan = List.copyOf(monitoringPlan);
        dataGaps = List.copyOf(dataGaps);
    }

    public String disclaimer() {
        return DISCLAIMER;
    }
}
