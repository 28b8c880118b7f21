package dev.herald.policy;

import dev.herald.auth.AccountId;
import dev.herald.messaging.Addresses;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A contact's subscriptions in eSputnik's methods: {@code GET/PUT contact/{id}/subscriptions},
 * {@code POST contact/subscribe}, {@code POST emails/unsubscribed/add|delete}; and the contact's consent activity.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Subscriptions", description = "A contact's subscriptions and opt-outs (docs/contacts.md#subscriptions). "
        + "API groups: contacts-read (GET), contacts-update (the rest).")
class ContactSubscriptionController {

    static final int MAX_EMAILS = 1000;
    private static final int MAX_NAME = 255;
    private static final int MAX_GROUPS = 100;
    /** eSputnik's channel types that contact/subscribe accepts but does not store here. */
    private static final Set<String> OTHER_TYPES = Set.of("viber", "mobilepush", "webpush", "telegram");

    private final OptOuts optOuts;
    private final SubscriptionCategories categories;
    private final ContactActivity activity;
    private final Subscribing subscribing;
    private final TransactionTemplate tx;

    ContactSubscriptionController(OptOuts optOuts, SubscriptionCategories categories, ContactActivity activity,
                                  Subscribing subscribing, TransactionTemplate tx) {
        this.optOuts = optOuts;
        this.categories = categories;
        this.activity = activity;
        this.subscribing = subscribing;
        this.tx = tx;
    }

    record SubscriptionsBody(List<String> subscriptions) {}

    record ChannelBody(String type, String value) {}

    record SubscribeContact(String firstName, String lastName, List<ChannelBody> channels) {}

    record SubscribeBody(SubscribeContact contact, List<String> groups, String formType, List<String> subscriptions) {}

    record SubscribeAnswer(long id, boolean confirmationRequired) {}

    record EmailsBody(List<String> emails) {}

    @GetMapping("/contact/{id}/subscriptions")
    @Operation(summary = "The categories the contact is subscribed to",
            description = "Every category of the account it has not opted out of on all channels.")
    @ApiResponse(responseCode = "200", description = "The category keys")
    @ApiResponse(responseCode = "404", description = "No such contact")
    List<String> get(AccountId account, @PathVariable long id) {
        requireContact(account, id);
        return optOuts.subscribed(account.value(), id, categories.keys(account.value()));
    }

    @PutMapping("/contact/{id}/subscriptions")
    @Operation(summary = "Set the categories the contact is subscribed to",
            description = "The contact is subscribed to exactly these and opted out of the account's other "
                    + "categories; opt-outs of single channels stay.")
    @ApiResponse(responseCode = "200", description = "The categories it is subscribed to now")
    @ApiResponse(responseCode = "400", description = "subscriptions is missing or names an unknown category")
    @ApiResponse(responseCode = "404", description = "No such contact")
    List<String> put(AccountId account, @PathVariable long id, @RequestBody SubscriptionsBody body) {
        requireContact(account, id);
        List<String> all = categories.keys(account.value());
        Set<String> wanted = checkedCategories(body == null ? null : body.subscriptions(), all, true);
        tx.executeWithoutResult(status -> {
            optOuts.setSubscribed(account.value(), id, wanted, all, "api");
            activity.record(account.value(), id, ContactActivity.SUBSCRIBED, null, String.join(",", wanted), null,
                    "subscriptions set by API");
        });
        return optOuts.subscribed(account.value(), id, all);
    }

    @PostMapping("/contact/subscribe")
    @Operation(summary = "Subscribe a contact (a subscription form)",
            description = "Finds the contact by its e-mail or phone, or makes it, and subscribes it to subscriptions "
                    + "(all categories when absent). When the account's policy asks for double opt-in and the contact "
                    + "has an e-mail, a confirmation e-mail is sent and the subscription waits for its link.")
    @ApiResponse(responseCode = "200", description = "{id, confirmationRequired}")
    @ApiResponse(responseCode = "400", description = "A field is invalid; the problem names it")
    SubscribeAnswer subscribe(AccountId account, @RequestBody SubscribeBody body) {
        List<FieldProblem> problems = new ArrayList<>();
        if (body == null || body.contact() == null) {
            throw new InvalidRequestException("contact", "is required: {\"contact\": {\"channels\": [{\"type\": "
                    + "\"email\", \"value\": \"...\"}]}}");
        }
        SubscribeContact contact = body.contact();
        String email = null;
        String phone = null;
        List<ChannelBody> channels = contact.channels() == null ? List.of() : contact.channels();
        for (int i = 0; i < channels.size(); i++) {
            ChannelBody channel = channels.get(i);
            String path = "contact.channels[" + i + "]";
            String type = channel == null || channel.type() == null ? null : channel.type().strip().toLowerCase(Locale.ROOT);
            if (type == null) {
                problems.add(new FieldProblem(path + ".type", "is required: email or sms"));
            } else if (type.equals("email")) {
                email = channel.value() == null ? null : Addresses.normalizeEmail(channel.value());
                if (email == null) {
                    problems.add(new FieldProblem(path + ".value", "must be an e-mail address"));
                } else {
                    email = email.toLowerCase(Locale.ROOT);
                }
            } else if (type.equals("sms")) {
                phone = channel.value() == null ? null : Addresses.normalizePhone(channel.value());
                if (phone == null) {
                    problems.add(new FieldProblem(path + ".value", "must be a phone number in international format"));
                }
            } else if (!OTHER_TYPES.contains(type)) {
                problems.add(new FieldProblem(path + ".type", "must be email, sms, viber, mobilepush, webpush or telegram"));
            }
        }
        if (email == null && phone == null && problems.isEmpty()) {
            problems.add(new FieldProblem("contact.channels", "must hold an email or sms channel"));
        }
        checkName(problems, "contact.firstName", contact.firstName());
        checkName(problems, "contact.lastName", contact.lastName());
        if (body.groups() != null && (body.groups().size() > MAX_GROUPS
                || body.groups().stream().anyMatch(g -> g == null || g.length() > MAX_NAME))) {
            problems.add(new FieldProblem("groups", "at most " + MAX_GROUPS + " group names of at most " + MAX_NAME
                    + " characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        Set<String> wanted = body.subscriptions() == null ? null
                : checkedCategories(body.subscriptions(), categories.keys(account.value()), false);
        Subscribing.Subscribed done = subscribing.subscribe(account, phone, email, blank(contact.firstName()),
                blank(contact.lastName()), wanted == null ? null : List.copyOf(wanted), body.groups());
        return new SubscribeAnswer(done.contactId(), done.confirmationSent());
    }

    @PostMapping("/emails/unsubscribed/add")
    @Operation(summary = "Add e-mail addresses to the account's unsubscribed list",
            description = "No e-mail of a subscription category goes to them; transactional e-mail still does.")
    @ApiResponse(responseCode = "200", description = "Added")
    @ApiResponse(responseCode = "400", description = "emails is missing, too long, or holds a bad address")
    void addEmails(AccountId account, @RequestBody EmailsBody body) {
        optOuts.addEmails(account.value(), emails(body));
    }

    @PostMapping("/emails/unsubscribed/delete")
    @Operation(summary = "Take e-mail addresses off the account's unsubscribed list")
    @ApiResponse(responseCode = "200", description = "Removed")
    @ApiResponse(responseCode = "400", description = "emails is missing, too long, or holds a bad address")
    void deleteEmails(AccountId account, @RequestBody EmailsBody body) {
        optOuts.deleteEmails(account.value(), emails(body));
    }

    @GetMapping("/contact/{id}/subscriptions/activity")
    @Operation(summary = "The contact's consent activity, newest first",
            description = "Opt-outs with their source (api, list-unsubscribe, link, telegram-block, ...), subscriptions, "
                    + "confirmations, blocked messengers and unregistered push tokens.")
    @ApiResponse(responseCode = "404", description = "No such contact")
    List<ContactActivity.Entry> activity(AccountId account, @PathVariable long id,
                                         @RequestParam(required = false) Integer limit) {
        requireContact(account, id);
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > 1000) {
            throw new InvalidRequestException("limit", "must be 1 to 1000");
        }
        return activity.list(account.value(), id, n);
    }

    private void requireContact(AccountId account, long id) {
        if (!optOuts.contactExists(account.value(), id)) {
            throw new NotFoundException("No contact " + id);
        }
    }

    private static Set<String> checkedCategories(List<String> given, List<String> all, boolean required) {
        if (given == null) {
            if (required) {
                throw new InvalidRequestException("subscriptions", "is required: the category keys to subscribe to, "
                        + "e.g. {\"subscriptions\": [\"news\"]}");
            }
            return null;
        }
        List<FieldProblem> problems = new ArrayList<>();
        Set<String> known = new HashSet<>(all);
        Set<String> wanted = new LinkedHashSet<>();
        for (int i = 0; i < given.size() && problems.size() < 20; i++) {
            String key = given.get(i);
            if (key == null || !known.contains(key)) {
                problems.add(new FieldProblem("subscriptions[" + i + "]", "must be one of the account's categories: "
                        + String.join(", ", all)));
            } else {
                wanted.add(key);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return wanted;
    }

    private static List<String> emails(EmailsBody body) {
        if (body == null || body.emails() == null || body.emails().isEmpty()) {
            throw new InvalidRequestException("emails", "is required: a list of e-mail addresses");
        }
        if (body.emails().size() > MAX_EMAILS) {
            throw new InvalidRequestException("emails", "at most " + MAX_EMAILS + " addresses per request");
        }
        List<FieldProblem> problems = new ArrayList<>();
        Set<String> emails = new LinkedHashSet<>();
        for (int i = 0; i < body.emails().size() && problems.size() < 20; i++) {
            String raw = body.emails().get(i);
            String email = raw == null ? null : Addresses.normalizeEmail(raw);
            if (email == null) {
                problems.add(new FieldProblem("emails[" + i + "]", "must be an e-mail address"));
            } else {
                emails.add(email.toLowerCase(Locale.ROOT));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return List.copyOf(emails);
    }

    private static void checkName(List<FieldProblem> problems, String field, String value) {
        if (value != null && value.length() > MAX_NAME) {
            problems.add(new FieldProblem(field, "must be at most " + MAX_NAME + " characters"));
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
