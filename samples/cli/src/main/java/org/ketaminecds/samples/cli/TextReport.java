package org.ketaminecds.samples.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.ketaminecds.core.Assessment;
import org.ketaminecds.core.DataGap;
import org.ketaminecds.core.Finding;
import org.ketaminecds.core.MonitoringItem;
import org.ketaminecds.core.Outcome;

/** The human-readable report of one assessment ({@code --format text}). */
final class TextReport {

    private static final int WIDTH = 100;

    private TextReport() {
    }

    static String render(String source, Assessment a) {
        StringBuilder out = new StringBuilder(2048);
        String rule = "=".repeat(WIDTH);
        out.append(rule).append('\n');
        out.append(source).append(" - ").append(a.patient()).append('\n');
        out.append("Mode ").append(a.mode().cliName()).append(", as of ").append(a.asOf())
                .append(", product ").append(a.product() == null ? "not known" : a.product().displayName()).append('\n');
        out.append("Knowledge ").append(a.knowledge().describe()).append('\n');
        out.append(rule).append('\n');
        out.append("DISPOSITION: ").append(a.disposition().name().replace('_', ' ')).append("\n\n");

        if (a.findings().isEmpty()) {
            out.append("No findings.\n\n");
        }
        for (Finding f : a.findings()) {
            out.append(heading(f)).append('\n');
            wrap(out, f.summary(), "  ");
            wrap(out, f.detail(), "  ");
            if (f.outcome() == Outcome.CANNOT_ASSESS && f.reason() != null) {
                wrap(out, "Missing: " + f.reason(), "  ");
            }
            if (!f.evidence().isEmpty()) {
                wrap(out, "Evidence: " + String.join(", ", f.evidence()), "  ");
            }
            if (!f.thresholds().isEmpty()) {
                StringJoiner t = new StringJoiner(", ", "Thresholds: ", "");
                new java.util.TreeMap<>(f.thresholds()).forEach((k, v) -> t.add(k + "=" + v));
                wrap(out, t.toString(), "  ");
            }
            wrap(out, "Sources: " + String.join("; ", f.sources()), "  ");
            out.append('\n');
        }
        if (!a.monitoringPlan().isEmpty()) {
            out.append("Monitoring plan:\n");
            for (MonitoringItem m : a.monitoringPlan()) {
                out.append("  - ").append(m.what()).append(" due ").append(m.dueStart()).append(" to ")
                        .append(m.dueEnd()).append(" (").append(m.ruleId()).append(")\n");
            }
            out.append('\n');
        }
        List<DataGap> medications = a.dataGaps().stream().filter(DataGap::unrecognisedMedication).toList();
        if (!medications.isEmpty()) {
            out.append("Medications not recognised by their codes (no rule counted them; map the codes):\n");
            for (DataGap g : medications) {
                wrap(out, "- " + g.reason(), "  ");
            }
            out.append('\n');
        }
        if (medications.size() < a.dataGaps().size()) {
            out.append("Data gaps:\n");
            for (DataGap g : a.dataGaps()) {
                if (!g.unrecognisedMedication()) {
                    wrap(out, "- " + g.ruleId() + " " + g.input() + ": " + g.reason(), "  ");
                }
            }
            out.append('\n');
        }
        out.append(a.disclaimer()).append("\n\n");
        return out.toString();
    }

    private static String heading(Finding f) {
        List<String> parts = new ArrayList<>();
        parts.add(f.outcome() == Outcome.FIRED ? f.severity().name() : "CANNOT ASSESS (" + f.severity() + ")");
        parts.add(f.ruleId());
        if (f.contraindication() != null) {
            parts.add(f.contraindication().name().toLowerCase(java.util.Locale.ROOT) + " contraindication");
        }
        parts.add(f.ruleSet().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        return String.join("  ", parts.subList(0, 2)) + "  [" + String.join(", ", parts.subList(2, parts.size())) + "]";
    }

    /** Word-wraps a paragraph at the report width. */
    private static void wrap(StringBuilder out, String text, String indent) {
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.split("\\s+")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > WIDTH) {
                out.append(line).append('\n');
                line = new StringBuilder(indent + "  ");
            }
            if (line.length() > indent.length() && !line.toString().isBlank()) {
                line.append(' ');
            }
            line.append(word);
        }
        out.append(line).append('\n');
    }
}
