package dev.herald.policy;

import dev.herald.auth.AccountId;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** An account's contact policy: quiet hours, frequency caps, double opt-in. */
@RestController
@RequestMapping("/api/v1/policy")
@Tag(name = "Contact policy", description = "Quiet hours, frequency caps and double opt-in (docs/contacts.md#contact-policy). "
        + "API group: full.")
class PolicyController {

    static final int MAX_CAPS = 200;

    private final PolicySettingsStore store;
    private final SubscriptionCategories categories;
    private final TransactionTemplate tx;

    PolicyController(PolicySettingsStore store, SubscriptionCategories categories, TransactionTemplate tx) {
        this.store = store;
        this.categories = categories;
        this.tx = tx;
    }

    record QuietHoursView(String from, String to) {}

    record CapView(String category, Integer maxMessages, Integer periodDays) {}

    record PolicyView(QuietHoursView quietHours, Boolean doubleOptIn, List<CapView> frequencyCaps) {}

    @GetMapping
    @Operation(summary = "The account's contact policy")
    PolicyView get(AccountId account) {
        return view(store.get(account.value()));
    }

    @PutMapping
    @Operation(summary = "Replace the account's contact policy",
            description = "quietHours {from, to} as HH:mm (from later than to spans midnight), or null; frequencyCaps: "
                    + "at most maxMessages (1-1000) messages of a category per contact per periodDays (1-366).")
    @ApiResponse(responseCode = "200", description = "Stored")
    @ApiResponse(responseCode = "400", description = "A field is invalid; the problem names it")
    PolicyView put(AccountId account, @RequestBody PolicyView request) {
        PolicySettings settings = parse(account, request);
        tx.executeWithoutResult(status -> store.put(account.value(), settings));
        return view(settings);
    }

    private PolicySettings parse(AccountId account, PolicyView request) {
        if (request == null) {
            throw new InvalidRequestException("$", "a JSON object is required");
        }
        List<FieldProblem> problems = new ArrayList<>();
        PolicySettings.QuietHours quiet = null;
        if (request.quietHours() != null) {
            LocalTime from = time(problems, "quietHours.from", request.quietHours().from());
            LocalTime to = time(problems, "quietHours.to", request.quietHours().to());
            if (from != null && to != null) {
                if (from.equals(to)) {
                    problems.add(new FieldProblem("quietHours.to", "must differ from quietHours.from"));
                } else {
                    quiet = new PolicySettings.QuietHours(from, to);
                }
            }
        }
        List<PolicySettings.FrequencyCap> caps = new ArrayList<>();
        List<CapView> given = request.frequencyCaps() == null ? List.of() : request.frequencyCaps();
        if (given.size() > MAX_CAPS) {
            problems.add(new FieldProblem("frequencyCaps", "at most " + MAX_CAPS + " caps"));
            given = List.of();
        }
        Set<String> seen = new HashSet<>();
        Set<String> named = new HashSet<>();
        given.forEach(c -> {
            if (c != null && SubscriptionCategories.isKey(c.category())) {
                named.add(c.category());
            }
        });
        Set<String> known = named.isEmpty() ? Set.of() : categories.existing(account.value(), named);
        for (int i = 0; i < given.size(); i++) {
            CapView cap = given.get(i);
            String path = "frequencyCaps[" + i + "]";
            if (cap == null) {
                problems.add(new FieldProblem(path, "must be an object {category, maxMessages, periodDays}"));
                continue;
            }
            boolean ok = true;
            if (!SubscriptionCategories.isKey(cap.category()) || !known.contains(cap.category())) {
                problems.add(new FieldProblem(path + ".category", "must be one of your subscription categories"));
                ok = false;
            } else if (!seen.add(cap.category())) {
                problems.add(new FieldProblem(path + ".category", "has a cap already"));
                ok = false;
            }
            if (cap.maxMessages() == null || cap.maxMessages() < 1 || cap.maxMessages() > 1000) {
                problems.add(new FieldProblem(path + ".maxMessages", "must be 1 to 1000"));
                ok = false;
            }
            if (cap.periodDays() == null || cap.periodDays() < 1 || cap.periodDays() > 366) {
                problems.add(new FieldProblem(path + ".periodDays", "must be 1 to 366"));
                ok = false;
            }
            if (ok) {
                caps.add(new PolicySettings.FrequencyCap(cap.category(), cap.maxMessages(),
                        Duration.ofDays(cap.periodDays())));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new PolicySettings(quiet, Boolean.TRUE.equals(request.doubleOptIn()), caps);
    }

    private static LocalTime time(List<FieldProblem> problems, String field, String value) {
        try {
            if (value != null && value.matches("\\d{2}:\\d{2}")) {
                return LocalTime.parse(value);
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        problems.add(new FieldProblem(field, "must be a time HH:mm, e.g. 21:00"));
        return null;
    }

    private static PolicyView view(PolicySettings settings) {
        return new PolicyView(settings.quietHours() == null ? null : new QuietHoursView(
                settings.quietHours().from().toString(), settings.quietHours().to().toString()),
                settings.doubleOptIn(),
                settings.frequencyCaps().stream()
                        .map(c -> new CapView(c.category(), c.maxMessages(), (int) c.period().toDays()))
                        .toList());
    }
}
