package org.ketaminecds.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.Type;
import org.ketaminecds.core.record.Coding;
import org.ketaminecds.core.record.Quantity;

/** Pre-issue-17, frozen for {@link HapiRecordReader} (the equivalence oracle). Conversions of HAPI R4 data types to the record's values. Every method accepts null and absent values. */
final class HapiFhirValues {

    private HapiFhirValues() {
    }

    /** All codings of the concepts that carry a code (a coding without a code cannot be matched). */
    static List<Coding> codings(List<CodeableConcept> concepts) {
        List<Coding> codes = new ArrayList<>();
        for (CodeableConcept concept : concepts) {
            addCodings(codes, concept);
        }
        return codes;
    }

    static List<Coding> codings(CodeableConcept concept) {
        List<Coding> codes = new ArrayList<>(1);
        addCodings(codes, concept);
        return codes;
    }

    static void addCodings(List<Coding> target, CodeableConcept concept) {
        if (concept == null || !concept.hasCoding()) {
            return;
        }
        for (org.hl7.fhir.r4.model.Coding coding : concept.getCoding()) {
            if (coding.hasCode()) {
                target.add(new Coding(coding.hasSystem() ? coding.getSystem() : null, coding.getCode(),
                        coding.hasDisplay() ? coding.getDisplay() : null));
            }
        }
    }

    /** The code of the first coding, e.g. of {@code clinicalStatus}; passed through as sent. */
    static String firstCode(CodeableConcept concept) {
        if (concept == null || !concept.hasCoding()) {
            return null;
        }
        org.hl7.fhir.r4.model.Coding first = concept.getCodingFirstRep();
        return first.hasCode() ? first.getCode() : null;
    }

    static String text(CodeableConcept concept) {
        return concept != null && concept.hasText() ? concept.getText() : null;
    }

    /** A FHIR enum code (status, intent...); a code HAPI did not know is {@code null}. */
    static String code(Enumeration<?> value) {
        return value == null || value.getValue() == null ? null : value.getCode();
    }

    /**
     * A date or date-time as an instant. A date without a time, or a partial date, is the start of
     * that day, month or year in UTC; a time without an offset (not valid FHIR) is read as UTC too,
     * so that the result never depends on the machine's time zone.
     */
    static Instant instant(BaseDateTimeType value) {
        if (value == null || value.getValue() == null) {
            return null;
        }
        TemporalPrecisionEnum precision = value.getPrecision();
        if (precision.ordinal() <= TemporalPrecisionEnum.DAY.ordinal()) {
            return startOfPeriod(value).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        if (value.getTimeZone() == null) {
            // HAPI's fields hold the time as written (it read it in the default zone).
            long nanos = value.getNanos() == null ? 0 : value.getNanos();
            return LocalDateTime.of(value.getYear(), value.getMonth() + 1, value.getDay(), value.getHour(),
                    value.getMinute(), value.getSecond(), (int) nanos).toInstant(ZoneOffset.UTC);
        }
        return value.getValue().toInstant();
    }

    /** {@code dateTime} or {@code Period.start} (onset[x], effective[x], performed[x]...); other types give null. */
    static Instant instantOrStart(Type value) {
        if (value instanceof BaseDateTimeType dateTime) {
            return instant(dateTime);
        }
        if (value instanceof Period period) {
            return start(period);
        }
        return null;
    }

    static Instant start(Period period) {
        return period != null && period.hasStartElement() ? instant(period.getStartElement()) : null;
    }

    static Instant end(Period period) {
        return period != null && period.hasEndElement() ? instant(period.getEndElement()) : null;
    }

    /** A date; a partial date ("1980", "1980-05") is the start of that period. */
    static LocalDate localDate(DateType value) {
        return value == null || value.getValue() == null ? null : startOfPeriod(value);
    }

    private static LocalDate startOfPeriod(BaseDateTimeType value) {
        return switch (value.getPrecision()) {
            case YEAR -> LocalDate.of(value.getYear(), 1, 1);
            case MONTH -> LocalDate.of(value.getYear(), value.getMonth() + 1, 1);
            default -> LocalDate.of(value.getYear(), value.getMonth() + 1, value.getDay());
        };
    }

    /**
     * {@code Quantity} (also its profiles such as SimpleQuantity) or {@code integer} as a quantity;
     * the unit is the coded (UCUM) unit when there is one, else the human-readable unit.
     */
    static Quantity quantity(Type value) {
        if (value instanceof org.hl7.fhir.r4.model.Quantity q) {
            Double number = q.hasValue() ? q.getValue().doubleValue() : null;
            String unit = q.hasCode() ? q.getCode() : q.hasUnit() ? q.getUnit() : null;
            return new Quantity(number, unit);
        }
        if (value instanceof IntegerType integer && integer.getValue() != null) {
            return new Quantity(integer.getValue().doubleValue(), null);
        }
        return null;
    }

    /**
     * Administrations per day from {@code timing.repeat}: frequency per period, with the period in
     * s, min, h, d or wk. Null when that cannot be computed exactly: no frequency or period, a range
     * (frequencyMax, periodMax), or months and years, whose length varies.
     */
    static Double dailyFrequency(Timing timing) {
        if (timing == null || !timing.hasRepeat()) {
            return null;
        }
        Timing.TimingRepeatComponent repeat = timing.getRepeat();
        if (!repeat.hasFrequency() || !repeat.hasPeriod() || repeat.getPeriodUnit() == null
                || repeat.hasFrequencyMax() || repeat.hasPeriodMax()) {
            return null;
        }
        double period = repeat.getPeriod().doubleValue();
        double periodsPerDay = switch (repeat.getPeriodUnit()) {
            case S -> 86_400;
            case MIN -> 1_440;
            case H -> 24;
            case D -> 1;
            case WK -> 1.0 / 7;
            default -> Double.NaN;
        };
        if (Double.isNaN(periodsPerDay) || period <= 0) {
            return null;
        }
        return repeat.getFrequency() * periodsPerDay / period;
    }
}
