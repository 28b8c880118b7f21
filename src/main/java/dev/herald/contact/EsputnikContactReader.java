package dev.herald.contact;

import dev.herald.web.FieldProblem;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads a contact in eSputnik's shape ({@code firstName}, {@code lastName}, {@code channels}, {@code address},
 * {@code fields}, {@code externalCustomerId}, {@code groups}, {@code languageCode}, {@code timeZone}) into a
 * {@link ContactEntry}, naming every field that is wrong ({@code contacts[3].channels[0].value}). A key it does not
 * know is refused rather than dropped, so nothing a client sends is silently lost.
 */
final class EsputnikContactReader {

    static final int MAX_CHANNEL_VALUE = 4096;
    static final int MAX_GROUP_NAME = 255;
    static final int MAX_GROUPS = 100;
    static final int MAX_ADDRESS_PART = 255;
    static final Set<String> CHANNEL_TYPES = Set.of("email", "sms", "viber", "mobilepush", "webpush", "telegram");
    private static final Set<String> ADDRESS_PARTS = Set.of("region", "town", "address", "postcode");
    /** eSputnik properties a client library may send that Herald has no use for (read-only or legacy). */
    private static final Set<String> IGNORED = Set.of("addressBookId", "contactKey", "ordersInfo", "requestSource",
            "formType", "subscriptions");
    private static final Set<String> HERALD_KEYS = Set.of("contactId", "phone", "email");
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})?");

    private final Map<Long, ContactFields.Field> fieldsById;
    private final Map<String, ContactFields.Field> fieldsByName;

    EsputnikContactReader(List<ContactFields.Field> fields) {
        this.fieldsById = new LinkedHashMap<>();
        this.fieldsByName = new LinkedHashMap<>();
        for (ContactFields.Field field : fields) {
            fieldsById.put(field.id(), field);
            fieldsByName.put(field.name().toLowerCase(Locale.ROOT), field);
        }
    }

    /** Is this object a contact in eSputnik's shape rather than Herald's? */
    static boolean looksEsputnik(JsonNode node) {
        return node.isObject() && (node.has("channels") || node.has("fields") || node.has("address")
                || node.has("languageCode") || node.has("timeZone") || node.has("groups") || node.has("id"));
    }

    /**
     * @param path          prefix of problem names, e.g. {@code contacts[3].}
     * @param replaceChannels a full replacement (PUT): channels not given are removed
     */
    ContactEntry read(JsonNode node, String path, boolean replaceChannels, List<FieldProblem> problems) {
        if (node == null || !node.isObject()) {
            problems.add(new FieldProblem(path.isEmpty() ? "contact" : path.substring(0, path.length() - 1),
                    "must be a contact object"));
            return null;
        }
        Set<String> present = new LinkedHashSet<>();
        Long id = null;
        String external = null;
        String first = null;
        String last = null;
        String language = null;
        String zone = null;
        String email = null;
        String phone = null;
        Map<String, String> address = null;
        List<ContactEntry.Channel> channels = new ArrayList<>();
        Map<Long, String> fields = new LinkedHashMap<>();
        List<String> groups = new ArrayList<>();
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            String key = property.getKey();
            JsonNode value = property.getValue();
            String at = path + key;
            switch (key) {
                case "id" -> {
                    if (!value.isNull()) {
                        if (wholeNumber(value) == null) {
                            problems.add(new FieldProblem(at, "must be a positive whole number (the contact's id)"));
                        } else {
                            id = wholeNumber(value);
                        }
                    }
                }
                case "externalCustomerId" -> {
                    present.add(key);
                    external = text(value, at, ContactIdentifiers.MAX_EXTERNAL_ID, problems);
                }
                case "firstName" -> {
                    present.add(key);
                    first = text(value, at, ContactEdits.MAX_NAME, problems);
                }
                case "lastName" -> {
                    present.add(key);
                    last = text(value, at, ContactEdits.MAX_NAME, problems);
                }
                case "languageCode" -> {
                    present.add(key);
                    language = text(value, at, 16, problems);
                    if (language != null && !LANGUAGE.matcher(language).matches()) {
                        problems.add(new FieldProblem(at, "must be a language code such as uk, en or pt-BR"));
                    }
                }
                case "timeZone" -> {
                    present.add(key);
                    zone = text(value, at, 64, problems);
                    if (zone != null) {
                        try {
                            zone = ZoneId.of(zone).getId();
                        } catch (DateTimeException e) {
                            problems.add(new FieldProblem(at, "must be a time zone such as Europe/Kyiv"));
                        }
                    }
                }
                case "address" -> {
                    present.add(key);
                    address = address(value, at, problems);
                }
                case "channels" -> {
                    present.add(key);
                    if (replaceChannels) {
                        present.add("email");
                        present.add("sms");
                    }
                    String[] found = channels(value, at, channels, problems);
                    if (found[0] != null) {
                        present.add("email");
                        email = found[0];
                    }
                    if (found[1] != null) {
                        present.add("sms");
                        phone = found[1];
                    }
                }
                case "fields" -> fields(value, at, fields, problems);
                case "groups" -> groups(value, at, groups, problems);
                default -> {
                    if (HERALD_KEYS.contains(key)) {
                        problems.add(new FieldProblem(at, "is a field of Herald's own contact, not eSputnik's: give "
                                + "e-mail and phone as channels ([{\"type\": \"email\", \"value\": ...}]) and the contact's "
                                + "id as id"));
                    } else if (!IGNORED.contains(key)) {
                        problems.add(new FieldProblem(at, "is not a field of a contact"));
                    }
                }
            }
        }
        return new ContactEntry(id, external, email, phone, first, last, language, zone, address, channels, fields,
                groups, present);
    }

    /** A positive whole number given as a JSON number or a string of digits, else null. */
    static Long wholeNumber(JsonNode value) {
        String text = value.isIntegralNumber() || value.isString() ? value.asString().strip() : "";
        if (!text.matches("[0-9]{1,18}")) {
            return null;
        }
        long number = Long.parseLong(text);
        return number > 0 ? number : null;
    }

    private static String text(JsonNode value, String at, int max, List<FieldProblem> problems) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isString() && !value.isNumber()) {
            problems.add(new FieldProblem(at, "must be a string"));
            return null;
        }
        String text = value.asString().strip();
        if (text.length() > max) {
            problems.add(new FieldProblem(at, "must be at most " + max + " characters"));
            return null;
        }
        return text.isEmpty() ? null : text;
    }

    private static Map<String, String> address(JsonNode value, String at, List<FieldProblem> problems) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            problems.add(new FieldProblem(at, "must be an object {\"region\", \"town\", \"address\", \"postcode\"}"));
            return null;
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> part : value.properties()) {
            if (!ADDRESS_PARTS.contains(part.getKey())) {
                problems.add(new FieldProblem(at + "." + part.getKey(), "is not a part of an address (region, town, "
                        + "address, postcode)"));
                continue;
            }
            String text = text(part.getValue(), at + "." + part.getKey(), MAX_ADDRESS_PART, problems);
            if (text != null) {
                parts.put(part.getKey(), text);
            }
        }
        return parts.isEmpty() ? null : parts;
    }

    /** Adds the other channels to {@code others}; answers the e-mail and phone found. */
    private static String[] channels(JsonNode value, String at, List<ContactEntry.Channel> others,
                                     List<FieldProblem> problems) {
        String[] found = new String[2];
        if (value.isNull()) {
            return found;
        }
        if (!value.isArray()) {
            problems.add(new FieldProblem(at, "must be an array of {\"type\", \"value\"}"));
            return found;
        }
        if (value.size() > 20) {
            problems.add(new FieldProblem(at, "at most 20 channels per contact"));
            return found;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode channel = value.get(i);
            String item = at + "[" + i + "]";
            if (!channel.isObject()) {
                problems.add(new FieldProblem(item, "must be an object {\"type\", \"value\"}"));
                continue;
            }
            for (Map.Entry<String, JsonNode> property : channel.properties()) {
                if (!property.getKey().equals("type") && !property.getKey().equals("value")) {
                    problems.add(new FieldProblem(item + "." + property.getKey(), "is not a field of a channel"));
                }
            }
            JsonNode typeNode = channel.get("type");
            String type = typeNode == null || !typeNode.isString() ? null : typeNode.asString().strip().toLowerCase(Locale.ROOT);
            if (type == null || !CHANNEL_TYPES.contains(type)) {
                problems.add(new FieldProblem(item + ".type", "must be one of email, sms, viber, mobilepush, webpush, "
                        + "telegram"));
                continue;
            }
            String raw = text(channel.has("value") ? channel.get("value") : null, item + ".value", MAX_CHANNEL_VALUE,
                    problems, true);
            if (raw == null) {
                problems.add(new FieldProblem(item + ".value", "is required"));
                continue;
            }
            switch (type) {
                case "email" -> {
                    String email = ContactIdentifiers.normalizeEmail(raw);
                    if (email == null) {
                        problems.add(new FieldProblem(item + ".value", "must be an e-mail address"));
                    } else if (found[0] != null && !found[0].equals(email)) {
                        problems.add(new FieldProblem(item, "a contact has one email channel"));
                    } else {
                        found[0] = email;
                    }
                }
                case "sms" -> {
                    String phone = ContactIdentifiers.normalizePhone(raw);
                    if (phone == null) {
                        problems.add(new FieldProblem(item + ".value", "must be a phone number in international format, "
                                + "e.g. 380501234567"));
                    } else if (found[1] != null && !found[1].equals(phone)) {
                        problems.add(new FieldProblem(item, "a contact has one sms channel"));
                    } else {
                        found[1] = phone;
                    }
                }
                case "telegram" -> problems.add(new FieldProblem(item + ".type", "a Telegram chat id means nothing "
                        + "without its bot: add it with POST /api/v1/apps/{app_uuid}/tokens (it then shows among the "
                        + "contact's channels)"));
                default -> {
                    String normal = type.equals("viber") && ContactIdentifiers.normalizePhone(raw) != null
                            ? ContactIdentifiers.normalizePhone(raw) : raw;
                    if (seen.add(type + "\u0000" + normal)) {
                        others.add(new ContactEntry.Channel(type, normal));
                    }
                }
            }
        }
        return found;
    }

    private static String text(JsonNode value, String at, int max, List<FieldProblem> problems, boolean required) {
        return value == null ? null : text(value, at, max, problems);
    }

    private void fields(JsonNode value, String at, Map<Long, String> fields, List<FieldProblem> problems) {
        if (value.isNull()) {
            return;
        }
        if (!value.isArray()) {
            problems.add(new FieldProblem(at, "must be an array of {\"id\", \"value\"} (or {\"name\", \"value\"})"));
            return;
        }
        if (value.size() > ContactFields.MAX_FIELDS) {
            problems.add(new FieldProblem(at, "at most " + ContactFields.MAX_FIELDS + " fields"));
            return;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String itemAt = at + "[" + i + "]";
            if (!item.isObject()) {
                problems.add(new FieldProblem(itemAt, "must be an object {\"id\", \"value\"}"));
                continue;
            }
            ContactFields.Field field = null;
            JsonNode idNode = item.get("id");
            JsonNode nameNode = item.get("name");
            if (idNode != null && !idNode.isNull()) {
                Long fieldId = wholeNumber(idNode);
                if (fieldId == null) {
                    problems.add(new FieldProblem(itemAt + ".id", "must be the id of a custom field"));
                    continue;
                }
                field = fieldsById.get(fieldId);
                if (field == null) {
                    problems.add(new FieldProblem(itemAt + ".id", "no custom field " + idNode.asString()
                            + " in this account (GET /api/v1/contactfields lists them)"));
                    continue;
                }
            } else if (nameNode != null && nameNode.isString()) {
                field = fieldsByName.get(nameNode.asString().strip().toLowerCase(Locale.ROOT));
                if (field == null) {
                    problems.add(new FieldProblem(itemAt + ".name", "no custom field named '" + nameNode.asString()
                            + "' in this account (GET /api/v1/contactfields lists them)"));
                    continue;
                }
            } else {
                problems.add(new FieldProblem(itemAt + ".id", "is required (or name)"));
                continue;
            }
            for (Map.Entry<String, JsonNode> property : item.properties()) {
                if (!Set.of("id", "name", "value", "type").contains(property.getKey())) {
                    problems.add(new FieldProblem(itemAt + "." + property.getKey(), "is not a field of a field value"));
                }
            }
            String[] problem = new String[1];
            String canonical = field.canonical(item.get("value"), problem);
            if (problem[0] != null) {
                problems.add(new FieldProblem(itemAt + ".value", problem[0]));
            } else {
                fields.put(field.id(), canonical);
            }
        }
    }

    private static void groups(JsonNode value, String at, List<String> groups, List<FieldProblem> problems) {
        if (value.isNull()) {
            return;
        }
        if (!value.isArray()) {
            problems.add(new FieldProblem(at, "must be an array of {\"name\"}"));
            return;
        }
        if (value.size() > MAX_GROUPS) {
            problems.add(new FieldProblem(at, "at most " + MAX_GROUPS + " groups"));
            return;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            JsonNode name = item.isObject() ? item.get("name") : item;
            String name1 = name == null ? null : text(name, at + "[" + i + "].name", MAX_GROUP_NAME, problems);
            if (name1 == null) {
                problems.add(new FieldProblem(at + "[" + i + "].name", "is required: the name of a static group"));
            } else if (!groups.contains(name1)) {
                groups.add(name1);
            }
        }
    }

    /** Reads a list of group names (the import's groupNames). */
    static List<String> groupNames(JsonNode value, String at, List<FieldProblem> problems) {
        List<String> names = new ArrayList<>();
        if (value == null || value.isNull()) {
            return names;
        }
        if (!value.isArray()) {
            problems.add(new FieldProblem(at, "must be an array of group names"));
            return names;
        }
        if (value.size() > MAX_GROUPS) {
            problems.add(new FieldProblem(at, "at most " + MAX_GROUPS + " groups"));
            return names;
        }
        for (int i = 0; i < value.size(); i++) {
            String name = text(value.get(i), at + "[" + i + "]", MAX_GROUP_NAME, problems);
            if (name != null && !names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }
}
