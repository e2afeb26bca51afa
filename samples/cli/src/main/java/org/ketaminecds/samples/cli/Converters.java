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
