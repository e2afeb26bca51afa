package org.ketaminecds.fhir.bulk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One patient's NDJSON lines as a screen groups them, kept only up to the screen's per-patient cap
 * ({@link PopulationScreen#withPatientCap}): past it the lines are counted and dropped, so that a patient with
 * millions of resources never sits in memory whole, and {@link PopulationScreen#screen(PatientLines, java.util.Map)}
 * reports the patient as too large instead of screening part of the record. Not thread-safe: one grouping thread
 * fills it. The lines are screened in the order added, or by their place in the export where the grouper knows it
 * ({@link BulkScreen}'s spill gets them from several threads).
 *
 * <pre>{@code
 * PatientLines patient = screen.newPatient("123");
 * lines.forEach(patient::add);                      // however many: at most the cap is held
 * ScreenResult result = screen.screen(patient, shared);
 * }</pre>
 */
public final class PatientLines {

    private final String patientId;
    private final int maxResources;
    private final long maxBytes;
    /** A kept line and its place in the export: the order it is screened in. */
    private record Line(long order, String text) {
    }

    /** The lines while within the cap; {@code null} once over it. */
    private List<Line> lines = new ArrayList<>(8);
    private boolean inOrder = true;
    private long resources;
    private long bytes;

    PatientLines(String patientId, int maxResources, long maxBytes) {
        this.patientId = patientId;
        this.maxResources = maxResources;
        this.maxBytes = maxBytes;
    }

    /** Adds one resource line, after the others; once the patient is over the cap, only counts it. */
    public void add(String line) {
        add(resources, line);
    }

    /** Adds one resource line at its place {@code order} among this patient's lines (any order; no two equal). */
    void add(long order, String line) {
        resources++;
        bytes += line.length(); // characters: the size of a Latin-1 string in memory, and of ASCII NDJSON on disk
        if (lines != null) {
            if (resources > maxResources || bytes > maxBytes) {
                lines = null; // a part of a record is no record: none of it is screened
            } else {
                inOrder &= lines.isEmpty() || lines.get(lines.size() - 1).order() < order;
                lines.add(new Line(order, line));
            }
        }
    }

    public String patientId() {
        return patientId;
    }

    /** Whether the patient has more resources or bytes than the cap (their lines are then not kept). */
    public boolean overCap() {
        return lines == null;
    }

    /** Resource lines added, kept or not. */
    public long resources() {
        return resources;
    }

    /** Characters of the lines added, kept or not. */
    public long bytes() {
        return bytes;
    }

    /** The lines in order; empty once over the cap. */
    List<String> lines() {
        if (lines == null) {
            return List.of();
        }
        if (!inOrder) {
            lines.sort(Comparator.comparingLong(Line::order));
            inOrder = true;
        }
        return lines.stream().map(Line::text).toList();
    }

    /** Why the patient is not screened, in one line (counts only). */
    String overCapProblem() {
        return "too large to screen: " + resources + " resources and " + megabytes(bytes) + " of NDJSON, over the"
                + " per-patient cap of " + maxResources + " resources or " + megabytes(maxBytes)
                + "; screen this patient on its own with a higher cap";
    }

    static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
