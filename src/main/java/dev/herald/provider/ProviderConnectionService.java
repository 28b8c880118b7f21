package dev.herald.provider;

import dev.herald.auth.AccountId;
import dev.herald.audit.Audit;
import dev.herald.channel.Channel;
import dev.herald.channel.ConnectionCheck;
import dev.herald.channel.ProviderConnection;
import dev.herald.channel.ProviderType;
import dev.herald.channel.SettingField;
import dev.herald.web.ConflictException;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates, changes, tests and deletes an account's provider connections. Every connection also takes the
 * {@link #COMMON} settings, which the delivery engine reads for rate limits.
 */
@Service
public class ProviderConnectionService {

    private static final String RATE_PER_SECOND = ProviderConnection.RATE_PER_SECOND;
    private static final String PER_RECIPIENT_INTERVAL_MS = ProviderConnection.PER_RECIPIENT_INTERVAL_MS;
    static final List<SettingField> COMMON = List.of(
            SettingField.optional(RATE_PER_SECOND, null,
                    "At most this many messages per second through this connection, shared by all Herald nodes."),
            SettingField.optional(PER_RECIPIENT_INTERVAL_MS, null,
                    "At least this many milliseconds between two messages to the same recipient."));

    private static final int MAX_NAME = 100;
    private static final int MAX_SETTINGS = 50;
    private static final int MAX_SETTING_VALUE = 64 * 1024;

    private final ProviderConnections connections;
    private final ProviderTypes types;
    private final LiveProviders live;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final ProviderAddressGuard addresses;
    private final ApplicationEventPublisher events;
    private final Audit audit;

    ProviderConnectionService(ProviderConnections connections, ProviderTypes types, LiveProviders live,
                              TransactionTemplate tx, JsonMapper json, ProviderAddressGuard addresses,
                              ApplicationEventPublisher events, Audit audit) {
        this.audit = audit;
        this.addresses = addresses;
        this.events = events;
        this.connections = connections;
        this.types = types;
        this.live = live;
        this.tx = tx;
        this.json = json;
    }

    /** The settings a type takes: its own, then the common ones it does not define itself. */
    public static List<SettingField> fields(ProviderType type) {
        Set<String> own = type.fields().stream().map(SettingField::name).collect(Collectors.toSet());
        return Stream.concat(type.fields().stream(), COMMON.stream().filter(f -> !own.contains(f.name()))).toList();
    }

    /**
     * Stores a new connection; with {@code testFirst} it is only stored when {@link ProviderType#test} passes,
     * and a failed test is answered as a problem with the service's words.
     */
    public ProviderConnections.Stored create(UUID account, ConnectionRequest request, boolean testFirst) {
        List<FieldProblem> problems = new ArrayList<>();
        ProviderType type = types.find(request.type()).orElse(null);
        if (type == null) {
            problems.add(new FieldProblem("type", request.type() == null ? "is required" : "unknown provider type '"
                    + request.type() + "'; known: " + types.all().stream().map(ProviderType::type).toList()));
            throw new InvalidRequestException(problems);
        }
        checkName(problems, request.name());
        Channel channel = channel(problems, type, request.channel());
        Map<String, String> settings = settings(problems, type, Map.of(), request.settings());
        ProviderConnection connection = new ProviderConnection(UUID.randomUUID(), account,
                request.name() == null ? null : request.name().strip(), type.type(), channel, settings, 1);
        check(problems, type, connection);
        if (testFirst) {
            mustPass(type, connection);
        }
        boolean isDefault = request.isDefault() == null
                ? connections.findDefault(account, channel).isEmpty()
                : request.isDefault();
        inTransaction(() -> connections.insert(connection, isDefault));
        audit.record(new AccountId(account), "provider.create", connection.id(), Map.of("name",
                String.valueOf(connection.name()), "type", type.type(), "channel", String.valueOf(channel)));
        return connections.find(account, connection.id()).orElseThrow();
    }

    public ProviderConnections.Stored update(UUID account, UUID id, ConnectionRequest request, boolean testFirst) {
        ProviderConnections.Stored stored = find(account, id);
        ProviderConnection current = stored.connection();
        ProviderType type = types.find(current.type()).orElseThrow(() ->
                new ConflictException("Provider type '" + current.type() + "' is no longer available"));
        List<FieldProblem> problems = new ArrayList<>();
        if (request.type() != null && !request.type().equalsIgnoreCase(current.type())) {
            problems.add(new FieldProblem("type", "cannot be changed; create a new connection instead"));
        }
        String name = current.name();
        if (request.name() != null) {
            checkName(problems, request.name());
            name = request.name().strip();
        }
        Channel channel = request.channel() == null ? current.channel() : channel(problems, type, request.channel());
        Map<String, String> settings = settings(problems, type, current.settings(), request.settings());
        ProviderConnection changed = new ProviderConnection(id, account, name, type.type(), channel, settings,
                current.version() + 1);
        check(problems, type, changed);
        if (testFirst) {
            mustPass(type, changed);
        }
        boolean isDefault = request.isDefault() == null ? stored.isDefault() : request.isDefault();
        inTransaction(() -> connections.update(changed, isDefault));
        audit.record(new AccountId(account), "provider.update", id, Map.of("name", String.valueOf(name),
                "settingsChanged", request.settings() == null ? List.of() : List.copyOf(request.settings().keySet())));
        live.evict(id);
        return find(account, id);
    }

    public void delete(UUID account, UUID id) {
        events.publishEvent(new ProviderConnectionDeleting(find(account, id).connection()));
        if (!connections.delete(account, id)) {
            throw new NotFoundException("No provider connection " + id);
        }
        audit.record(new AccountId(account), "provider.delete", id);
        live.evict(id);
    }

    public ConnectionCheck test(UUID account, UUID id) {
        ProviderConnection connection = find(account, id).connection();
        Optional<String> refusal = addresses.refusalNow(connection.settings());
        if (refusal.isPresent()) {
            return ConnectionCheck.failed(refusal.get());
        }
        return types.find(connection.type())
                .map(type -> safeTest(type, connection))
                .orElse(ConnectionCheck.failed("Provider type '" + connection.type() + "' is no longer available"));
    }

    public ProviderConnections.Stored find(UUID account, UUID id) {
        return connections.find(account, id).orElseThrow(() -> new NotFoundException("No provider connection " + id));
    }

    private void mustPass(ProviderType type, ProviderConnection connection) {
        ConnectionCheck check = safeTest(type, connection);
        if (!check.ok()) {
            throw new InvalidRequestException("settings", "the connection test failed: " + check.detail());
        }
    }

    private static ConnectionCheck safeTest(ProviderType type, ProviderConnection connection) {
        try {
            return type.test(connection);
        } catch (RuntimeException e) {
            return ConnectionCheck.failed("The test could not run: " + e.getMessage());
        }
    }

    private void inTransaction(Runnable work) {
        try {
            tx.executeWithoutResult(status -> work.run());
        } catch (DuplicateKeyException e) {
            throw new InvalidRequestException("name", "another provider connection of this account has this name");
        }
    }

    private static void checkName(List<FieldProblem> problems, String name) {
        if (name == null || name.isBlank()) {
            problems.add(new FieldProblem("name", "is required"));
        } else if (name.strip().length() > MAX_NAME) {
            problems.add(new FieldProblem("name", "must be at most " + MAX_NAME + " characters"));
        } else if (name.strip().equalsIgnoreCase("sandbox") || name.strip().equalsIgnoreCase("twin")) {
            problems.add(new FieldProblem("name", "'" + name.strip() + "' is reserved"));
        }
    }

    private static Channel channel(List<FieldProblem> problems, ProviderType type, String requested) {
        if (requested == null && type.channels().size() == 1) {
            return type.channels().iterator().next();
        }
        Channel channel = Channel.parse(requested).orElse(null);
        if (channel == null || !type.channels().contains(channel)) {
            problems.add(new FieldProblem("channel", (requested == null ? "is required" : "'" + requested + "' is not")
                    + " one of the channels a " + type.type() + " connection carries: "
                    + type.channels().stream().map(Channel::key).toList()));
            return type.channels().iterator().next();
        }
        return channel;
    }

    /** The current settings with the requested changes applied, each problem named {@code settings.<name>}. */
    private Map<String, String> settings(List<FieldProblem> problems, ProviderType type, Map<String, String> current,
                                         Map<String, Object> requested) {
        List<SettingField> fields = fields(type);
        Map<String, SettingField> byName = fields.stream()
                .collect(Collectors.toMap(SettingField::name, f -> f, (a, b) -> a, LinkedHashMap::new));
        Map<String, String> settings = new LinkedHashMap<>(current);
        Map<String, Object> changes = requested == null ? Map.of() : requested;
        if (changes.size() > MAX_SETTINGS) {
            problems.add(new FieldProblem("settings", "must have at most " + MAX_SETTINGS + " entries"));
            return settings;
        }
        changes.forEach((name, value) -> {
            SettingField field = byName.get(name);
            if (field == null) {
                problems.add(new FieldProblem("settings." + name, "unknown setting; a " + type.type()
                        + " connection takes " + byName.keySet()));
                return;
            }
            if (value == null) {
                settings.remove(name);
                return;
            }
            String text = value instanceof String s ? s : json.writeValueAsString(value);
            if (field.secret() && text.equals(ConnectionView.MASK)) {
                return;
            }
            if (text.length() > MAX_SETTING_VALUE) {
                problems.add(new FieldProblem("settings." + name, "must be at most " + MAX_SETTING_VALUE + " characters"));
                return;
            }
            settings.put(name, text);
        });
        for (SettingField field : fields) {
            String value = settings.get(field.name());
            if (field.required() && field.defaultValue() == null && (value == null || value.isBlank())) {
                problems.add(new FieldProblem("settings." + field.name(), "is required: " + field.help()));
            }
        }
        problems.addAll(addresses.problems(settings));
        checkNonNegative(problems, settings, RATE_PER_SECOND);
        checkNonNegative(problems, settings, PER_RECIPIENT_INTERVAL_MS);
        return settings;
    }

    private static void checkNonNegative(List<FieldProblem> problems, Map<String, String> settings, String name) {
        String value = settings.get(name);
        if (value == null || value.isBlank()) {
            return;
        }
        try {
            if (Integer.parseInt(value.strip()) < 0) {
                problems.add(new FieldProblem("settings." + name, "must not be negative"));
            }
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem("settings." + name, "must be a whole number"));
        }
    }

    /** The type's own checks run only when the basic ones passed, so they may rely on required settings. */
    private static void check(List<FieldProblem> problems, ProviderType type, ProviderConnection connection) {
        if (problems.isEmpty()) {
            type.validate(connection).forEach(p -> problems.add(p.field().startsWith("settings")
                    ? p : new FieldProblem("settings." + p.field(), p.message())));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
    }
}
