package dev.herald.web;

import java.time.OffsetDateTime;
import java.util.Set;
import org.springframework.context.annotation.Configuration;
import org.springframework.format.AnnotationFormatterFactory;
import org.springframework.format.FormatterRegistry;
import org.springframework.format.Parser;
import org.springframework.format.Printer;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.format.datetime.standard.Jsr310DateTimeFormatAnnotationFormatterFactory;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Date-time query parameters ({@code from=}, {@code to=}) outside years 1–9999 are a 400 naming the parameter,
 * like date-times in a body ({@link StorableJson}); Java parses years up to ±999 999 999, which overflow where
 * they become SQL timestamps.
 */
@Configuration(proxyBeanMethods = false)
class DateTimeParameters implements WebMvcConfigurer {

    @Override
    public void addFormatters(FormatterRegistry registry) {
        // Registered after Spring's own, so it is the one used for @DateTimeFormat OffsetDateTime parameters.
        registry.addFormatterForFieldAnnotation(new Bounded());
    }

    private static final class Bounded implements AnnotationFormatterFactory<DateTimeFormat> {

        private final Jsr310DateTimeFormatAnnotationFormatterFactory standard =
                new Jsr310DateTimeFormatAnnotationFormatterFactory();

        @Override
        public Set<Class<?>> getFieldTypes() {
            return Set.of(OffsetDateTime.class);
        }

        @Override
        public Printer<?> getPrinter(DateTimeFormat annotation, Class<?> fieldType) {
            return standard.getPrinter(annotation, fieldType);
        }

        @Override
        public Parser<?> getParser(DateTimeFormat annotation, Class<?> fieldType) {
            Parser<?> parser = standard.getParser(annotation, fieldType);
            return (text, locale) -> {
                Object value = parser.parse(text, locale);
                if (value instanceof OffsetDateTime dateTime && !StorableJson.isStorable(dateTime)) {
                    throw new IllegalArgumentException("must be a date-time between the years 1 and 9999");
                }
                return value;
            };
        }
    }
}
