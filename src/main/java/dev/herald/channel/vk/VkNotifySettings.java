package dev.herald.channel.vk;

import dev.herald.channel.ProviderConnection;
import dev.herald.channel.SettingField;
import dev.herald.web.FieldProblem;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The settings of a {@code vk-notify} connection, read from its string settings. */
record VkNotifySettings(
        URI baseUrl,
        String accessToken,
        String webhookSecret,
        String service,
        String application,
        Duration timeout,
        Duration templateCache) {

    private static final int MAX_TIMEOUT_MS = 120_000;
    private static final int MAX_CACHE_MS = 3_600_000;

    static List<SettingField> fields() {
        return List.of(
                SettingField.required("baseUrl", "The notification service's API address, e.g. https://notify.example/api/v1."),
                SettingField.secret("accessToken", "The API token the notification service issued to your project."),
                SettingField.optionalSecret("webhookSecret", "The secret the service signs status webhooks with "
                        + "(HMAC-SHA256); without it status webhooks are refused."),
                SettingField.optional("service", null, "The service (sender category) your project was approved for, "
                        + "if the notification service asks for one, e.g. twin_important."),
                SettingField.optional("application", null, "The application name your project is registered under, "
                        + "if the notification service asks for one."),
                SettingField.optional("timeoutMs", "10000", "How long to wait for each answer of the service."),
                SettingField.optional("templateCacheMs", "60000", "How long Herald trusts its copy of the service's "
                        + "template list before asking again."));
    }

    static VkNotifySettings of(ProviderConnection connection) {
        return new VkNotifySettings(
                URI.create(connection.setting("baseUrl").strip().replaceAll("/+$", "")),
                connection.setting("accessToken").strip(),
                blankToNull(connection.setting("webhookSecret")),
                blankToNull(connection.setting("service")),
                blankToNull(connection.setting("application")),
                Duration.ofMillis(connection.intSetting("timeoutMs", 10_000)),
                Duration.ofMillis(connection.intSetting("templateCacheMs", 60_000)));
    }

    static List<FieldProblem> validate(ProviderConnection connection) {
        List<FieldProblem> problems = new ArrayList<>();
        String baseUrl = connection.setting("baseUrl");
        if (baseUrl != null && !baseUrl.isBlank()) {
            try {
                URI uri = URI.create(baseUrl.strip());
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    problems.add(new FieldProblem("baseUrl", "must be an http(s) URL such as https://notify.example/api/v1"));
                } else if (uri.getQuery() != null || uri.getFragment() != null) {
                    problems.add(new FieldProblem("baseUrl", "must not have a query or fragment"));
                }
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("baseUrl", "is not a URL: " + e.getMessage()));
            }
        }
        checkInt(problems, connection, "timeoutMs", 1, MAX_TIMEOUT_MS);
        checkInt(problems, connection, "templateCacheMs", 0, MAX_CACHE_MS);
        return problems;
    }

    private static void checkInt(List<FieldProblem> problems, ProviderConnection connection, String field, int min, int max) {
        String value = connection.setting(field);
        if (value == null || value.isBlank()) {
            return;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed < min || parsed > max) {
                problems.add(new FieldProblem(field, "must be between " + min + " and " + max));
            }
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem(field, "must be a whole number"));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
