package dev.herald.chat.bot;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of scenario steps, written in lower case in the scenario JSON. */
public enum StepType {
    MESSAGE, QUESTION, END, OPERATOR;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<StepType> parse(String value) {
        return Arrays.stream(values()).filter(t -> t.key().equals(value)).findFirst();
    }

    public static String keys() {
        return Arrays.stream(values()).map(StepType::key).collect(Collectors.joining(", "));
    }
}
