package org.ketaminecds.samples.cli;

import java.time.Instant;
import org.ketaminecds.core.EvaluationContext;
import org.ketaminecds.core.Mode;
import org.ketaminecds.core.Product;
import org.ketaminecds.core.Route;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option values in the spellings of DESIGN.md; a bad value is a usage error (exit 2) that says what is allowed. */
final class Converters {

    private Converters() {
    }

    static final class ModeConverter implements ITypeConverter<Mode> {
        @Override
        public Mode convert(String value) {
            return checked(() -> Mode.parse(value));
        }
    }

    static final class ProductConverter implements ITypeConverter<Product> {
        @Override
        public Product convert(String value) {
            return checked(() -> Product.parse(value));
        }
    }

    static final class RouteConverter implements ITypeConverter<Route> {
        @Override
        public Route convert(String value) {
            return checked(() -> Route.parse(value));
        }
    }

    static final class FormatConverter implements ITypeConverter<EvaluateCommand.Format> {
        @Override
        public EvaluateCommand.Format convert(String value) {
            return checked(() -> EvaluateCommand.Format.parse(value));
        }
    }

    static final class TimeConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            return checked(() -> EvaluationContext.parseTime(value));
        }
    }

    /** A size in bytes: a number with an optional unit K, M or G (binary: 1K = 1024), e.g. 64M, 512K, 1G. */
    static final class SizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\\s*(\\d{1,12})\\s*([KMG]?)B?\\s*").matcher(value);
            if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
                throw new TypeConversionException("'" + value + "' is not a size (a positive number of bytes, or with K, M or"
                        + " G, e.g. 64M)");
            }
            int shift = switch (m.group(2).toUpperCase(java.util.Locale.ROOT)) {
                case "K" -> 10;
                case "M" -> 20;
                case "G" -> 30;
                default -> 0;
            };
            return Long.parseLong(m.group(1)) << shift;
        }
    }

    private interface Parse<T> {
        T get();
    }

    private static <T> T checked(Parse<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
