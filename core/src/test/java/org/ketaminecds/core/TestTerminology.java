package org.ketaminecds.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small value sets, written inline, for core's unit tests (core cannot see the rules package). */
final class TestTerminology {

    /** A hospital's own drug codes (what an EHR sends when it has no RxNorm code for an entry). */
    static final String SITE_FORMULARY = "urn:oid:2.16.840.1.113883.3.1234.1";

    private TestTerminology() {
    }

    static JsonNode valueSet(String id, String includes) {
        return json("{\"resourceType\":\"ValueSet\",\"id\":\"" + id + "\",\"compose\":{" + includes + "}}");
    }

    static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value sets FactBuilder relies on, plus a few for rules. */
    static Terminology standard() {
        Map<String, JsonNode> sets = new LinkedHashMap<>();
        String loinc = "\"system\":\"http://loinc.org\"";
        sets.put("bp.json", valueSet("VS-BP-SYSTOLIC", "\"include\":[{" + loinc + ",\"concept\":[{\"code\":\"8480-6\"}]}]"));
        sets.put("dbp.json", valueSet("VS-BP-DIASTOLIC", "\"include\":[{" + loinc + ",\"concept\":[{\"code\":\"8462-4\"}]}]"));
        sets.put("hr.json", valueSet("VS-HR", "\"include\":[{" + loinc + ",\"concept\":[{\"code\":\"8867-4\"}]}]"));
        sets.put("spo2.json", valueSet("VS-SPO2", "\"include\":[{" + loinc + ",\"concept\":[{\"code\":\"59408-5\"}]}]"));
        sets.put("rr.json", valueSet("VS-RR", "\"include\":[{" + loinc + ",\"concept\":[{\"code\":\"9279-1\"}]}]"));
        sets.put("wt.json", valueSet("VS-WEIGHT", "\"include\":[{" + loinc + ",\"concept\":[{\"code\":\"29463-7\"}]}]"));
        sets.put("alt.json", valueSet("VS-ALT", "\"include\":[{" + loinc + ",\"concept\":[{\"code\":\"1742-6\"}]}]"));
        sets.put("cr.json", valueSet("VS-CREATININE", "\"include\":[{" + loinc + ",\"concept\":[{\"code\":\"2160-0\"}]}]"));
        String rx = "\"system\":\"http://www.nlm.nih.gov/research/umls/rxnorm\"";
        sets.put("esk.json", valueSet("VS-ESKETAMINE", "\"include\":[{" + rx + ",\"concept\":[{\"code\":\"2201625\"}]}]"));
        sets.put("ket.json", valueSet("VS-KETAMINE-RACEMIC", "\"include\":[{" + rx + ",\"concept\":[{\"code\":\"6130\"}]}]"));
        sets.put("all.json", valueSet("VS-KETAMINE-PRODUCTS", "\"include\":[{\"valueSet\":["
                + "\"http://example.org/fhir/ValueSet/VS-ESKETAMINE\",\"http://example.org/fhir/ValueSet/VS-KETAMINE-RACEMIC\"]}]"));
        sets.put("benzo.json", valueSet("VS-BENZODIAZEPINES", "\"include\":[{" + rx + ",\"concept\":["
                + "{\"code\":\"596\",\"display\":\"alprazolam\"},{\"code\":\"6470\",\"display\":\"lorazepam\"}]},"
                + "{\"system\":\"" + SITE_FORMULARY + "\",\"concept\":[{\"code\":\"LZP1\",\"display\":\"LORAZEPAM 1MG TAB\"}]}]"));
        sets.put("maoi.json", valueSet("VS-MAOI", "\"include\":[{" + rx + ",\"concept\":["
                + "{\"code\":\"6878\",\"display\":\"methylene blue\"}]}]"));
        String icd = "\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\"";
        sets.put("aaa.json", valueSet("VS-ANEURYSM", "\"include\":[{" + icd
                + ",\"filter\":[{\"property\":\"concept\",\"op\":\"is-a\",\"value\":\"I71\"}]},{" + icd
                + ",\"concept\":[{\"code\":\"I67.1\"}]}]"));
        sets.put("sud.json", valueSet("VS-SUD-ANY", "\"include\":[{" + icd
                + ",\"filter\":[{\"property\":\"code\",\"op\":\"regex\",\"value\":\"F1[0-9]\\\\..*\"}]}],\"exclude\":[{" + icd
                + ",\"filter\":[{\"property\":\"concept\",\"op\":\"is-a\",\"value\":\"F17\"}]}]"));
        return Terminology.of(sets);
    }
}
