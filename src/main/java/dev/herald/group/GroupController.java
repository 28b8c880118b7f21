package dev.herald.group;

import dev.herald.auth.AccountId;
import dev.herald.contact.EsputnikContactViews;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Groups (segments) in eSputnik's dialect: {@code GET groups} and {@code GET group/{id}/contacts} answer arrays
 * with the total in the {@code TotalCount} header and page by {@code startindex} (from 1) and {@code maxrows};
 * static groups take and lose contacts by {@code attach}/{@code detach}; dynamic ones by their conditions.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Groups", description = "Static and dynamic groups of contacts (docs/contacts.md). API groups: "
        + "contacts-read (GET), contacts-update (the rest).")
class GroupController {

    static final int MAX_ROWS = 500;
    private static final int MAX_NAME = 200;

    private final ContactGroups groups;
    private final EsputnikContactViews cards;

    GroupController(ContactGroups groups, EsputnikContactViews cards) {
        this.groups = groups;
        this.cards = cards;
    }

    /** A group as eSputnik lists it, with Herald's conditions and the live member count when asked for. */
    record GroupView(long id, String name, String type, JsonNode conditions, Long contactsCount) {

        static GroupView of(ContactGroup group, Long count) {
            return new GroupView(group.id(), group.name(), group.dynamic() ? "Dynamic" : "Static", group.conditions(), count);
        }
    }

    /** {@code type}: Static (default) or Dynamic; {@code conditions} only for a dynamic group. */
    record GroupRequest(String name, String type, JsonNode conditions) {}

    /** Contacts by Herald id or by externalCustomerId (one kind per request, at most 500). */
    record ContactsRequest(List<Long> contactIds, List<String> externalCustomerIds) {}

    @GetMapping("/groups")
    @Operation(summary = "List groups", description = "eSputnik's answer: an array of {id, name, type}; "
            + "TotalCount header. name filters by a part of the name.")
    @ApiResponse(responseCode = "200", description = "The groups")
    @ApiResponse(responseCode = "400", description = "startindex or maxrows out of range")
    ResponseEntity<List<GroupView>> list(AccountId account, @RequestParam(required = false) String name,
                                         @RequestParam(required = false) Integer startindex,
                                         @RequestParam(required = false) Integer maxrows) {
        long offset = offset(startindex);
        int limit = limit(maxrows);
        List<GroupView> items = groups.list(account.value(), name, offset, limit).stream()
                .map(g -> GroupView.of(g, null)).toList();
        return ResponseEntity.ok().header("TotalCount", String.valueOf(groups.count(account.value(), name))).body(items);
    }

    @PostMapping("/groups")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a group", description = "A static group, or a dynamic one with conditions.")
    @ApiResponse(responseCode = "201", description = "Created")
    @ApiResponse(responseCode = "400", description = "Bad name, type or conditions (the field is named)")
    @ApiResponse(responseCode = "409", description = "The name is taken")
    GroupView create(AccountId account, @RequestBody GroupRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = name(request.name(), problems, true);
        String kind = request.type() == null ? "static" : request.type().strip().toLowerCase(Locale.ROOT);
        if (!kind.equals("static") && !kind.equals("dynamic")) {
            problems.add(new FieldProblem("type", "must be Static or Dynamic"));
        } else if (kind.equals("dynamic") && (request.conditions() == null || request.conditions().isNull())) {
            problems.add(new FieldProblem("conditions", "is required for a dynamic group"));
        } else if (kind.equals("static") && request.conditions() != null && !request.conditions().isNull()) {
            problems.add(new FieldProblem("conditions", "only a dynamic group has conditions"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        ContactGroup group = groups.create(account.value(), name, kind, kind.equals("dynamic") ? request.conditions() : null);
        return GroupView.of(group, groups.countMembers(account.value(), group));
    }

    @GetMapping("/group/{id}")
    @Operation(summary = "A group with its live contact count")
    @ApiResponse(responseCode = "404", description = "No such group in this account")
    GroupView get(AccountId account, @PathVariable long id) {
        ContactGroup group = groups.get(account.value(), id);
        return GroupView.of(group, groups.countMembers(account.value(), group));
    }

    @PutMapping("/group/{id}")
    @Operation(summary = "Rename a group or replace a dynamic group's conditions")
    @ApiResponse(responseCode = "409", description = "The new name is taken")
    @ApiResponse(responseCode = "400", description = "Bad name or conditions")
    @ApiResponse(responseCode = "404", description = "No such group in this account")
    GroupView update(AccountId account, @PathVariable long id, @RequestBody GroupRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = name(request.name(), problems, false);
        ContactGroup group = groups.get(account.value(), id);
        JsonNode conditions = request.conditions() == null || request.conditions().isNull() ? null : request.conditions();
        if (conditions != null && !group.dynamic()) {
            problems.add(new FieldProblem("conditions", "only a dynamic group has conditions"));
        }
        if (request.type() != null && !request.type().strip().equalsIgnoreCase(group.kind())) {
            problems.add(new FieldProblem("type", "a group's type cannot change"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        ContactGroup updated = groups.update(account.value(), id, name, conditions);
        return GroupView.of(updated, groups.countMembers(account.value(), updated));
    }

    @DeleteMapping("/group/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a group (its contacts stay)")
    @ApiResponse(responseCode = "404", description = "No such group in this account")
    @ApiResponse(responseCode = "409", description = "A broadcast refers to the group")
    void delete(AccountId account, @PathVariable long id) {
        groups.delete(account.value(), id);
    }

    @GetMapping("/group/{id}/contacts")
    @Operation(summary = "The group's contacts", description = "eSputnik's answer: an array of contacts in id order; "
            + "TotalCount header. A dynamic group is evaluated in SQL on every call.")
    @ApiResponse(responseCode = "200", description = "A page of the group's contacts")
    @ApiResponse(responseCode = "400", description = "startindex or maxrows out of range")
    @ApiResponse(responseCode = "404", description = "No such group in this account")
    ResponseEntity<List<EsputnikContactViews.View>> contacts(AccountId account, @PathVariable long id,
                                                            @RequestParam(required = false) Integer startindex,
                                                            @RequestParam(required = false) Integer maxrows) {
        long offset = offset(startindex);
        int limit = limit(maxrows);
        ContactGroup group = groups.get(account.value(), id);
        List<Long> ids = groups.memberIds(account.value(), group, offset, limit);
        return ResponseEntity.ok().header("TotalCount", String.valueOf(groups.countMembers(account.value(), group)))
                .body(cards.of(account.value(), ids));
    }

    @PostMapping("/group/{id}/contacts/attach")
    @Operation(summary = "Add contacts to a static group", description = "By contactIds (at most 500).")
    @ApiResponse(responseCode = "400", description = "contactIds missing or more than 500")
    @ApiResponse(responseCode = "404", description = "No such group in this account")
    @ApiResponse(responseCode = "409", description = "The group is dynamic")
    Map<String, Integer> attach(AccountId account, @PathVariable long id, @RequestBody ContactsRequest request) {
        List<Long> ids = ids(request, false);
        return Map.of("attached", groups.attach(account.value(), groups.get(account.value(), id), ids));
    }

    @PostMapping("/group/{id}/contacts/detach")
    @Operation(summary = "Remove contacts from a static group", description = "By contactIds or externalCustomerIds "
            + "(at most 500); neither: every contact leaves the group.")
    @ApiResponse(responseCode = "400", description = "More than 500 ids, or both kinds")
    @ApiResponse(responseCode = "404", description = "No such group in this account")
    @ApiResponse(responseCode = "409", description = "The group is dynamic")
    Map<String, Integer> detach(AccountId account, @PathVariable long id,
                                @RequestBody(required = false) ContactsRequest request) {
        ContactsRequest body = request == null ? new ContactsRequest(null, null) : request;
        List<Long> ids = ids(body, true);
        List<String> external = body.externalCustomerIds() == null ? List.of() : body.externalCustomerIds();
        if (external.size() > MAX_ROWS) {
            throw new InvalidRequestException("externalCustomerIds", "at most " + MAX_ROWS + " per request");
        }
        if (!ids.isEmpty() && !external.isEmpty()) {
            throw new InvalidRequestException("externalCustomerIds", "give contactIds or externalCustomerIds, not both");
        }
        ContactGroup group = groups.get(account.value(), id);
        return Map.of("detached", groups.detach(account.value(), group, ids, external));
    }

    private static List<Long> ids(ContactsRequest request, boolean mayBeEmpty) {
        List<Long> ids = request.contactIds() == null ? List.of() : request.contactIds();
        if (ids.size() > MAX_ROWS) {
            throw new InvalidRequestException("contactIds", "at most " + MAX_ROWS + " per request");
        }
        if (ids.stream().anyMatch(java.util.Objects::isNull)) {
            throw new InvalidRequestException("contactIds", "must be contact ids");
        }
        if (ids.isEmpty() && !mayBeEmpty) {
            throw new InvalidRequestException("contactIds", "is required");
        }
        return ids;
    }

    private static String name(String name, List<FieldProblem> problems, boolean required) {
        if (name == null && !required) {
            return null;
        }
        if (name == null || name.isBlank() || name.strip().length() > MAX_NAME) {
            problems.add(new FieldProblem("name", "must be 1 to " + MAX_NAME + " characters"));
            return null;
        }
        return name.strip();
    }

    static long offset(Integer startindex) {
        if (startindex != null && startindex < 1) {
            throw new InvalidRequestException("startindex", "counts from 1");
        }
        return startindex == null ? 0 : startindex - 1L;
    }

    static int limit(Integer maxrows) {
        if (maxrows != null && (maxrows < 1 || maxrows > MAX_ROWS)) {
            throw new InvalidRequestException("maxrows", "must be between 1 and " + MAX_ROWS);
        }
        return maxrows == null ? MAX_ROWS : maxrows;
    }
}
