package dev.herald.chat.bot;

import dev.herald.auth.AccountId;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.Listing;
import dev.herald.web.NotFoundException;
import dev.herald.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
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
import tools.jackson.databind.json.JsonMapper;

/** Bots of the calling account: scripted scenarios, validated whole on every save. */
@RestController
@RequestMapping("/api/v1/bots")
@Tag(name = "Bots", description = "Scripted chat bots (docs/chats.md has the scenario format). API group: full.")
class BotController {

    static final int MAX_NAME = 255;
    static final int MAX_SCENARIO_BYTES = 256 * 1024;

    private final Bots bots;
    private final JsonMapper json;

    BotController(Bots bots, JsonMapper json) {
        this.bots = bots;
        this.json = json;
    }

    record BotRequest(String name, Scenario scenario) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    @Operation(summary = "Create a bot", description = "400 names every problem of the scenario by its JSON path.")
    Bots.Bot create(AccountId account, @RequestBody BotRequest request) {
        validate(request);
        return bots.create(account, request.name().strip(), request.scenario());
    }

    @GetMapping
    @Operation(summary = "List bots", description = "name: only bots whose name contains it, ignoring case.")
    Listing<Bots.Bot> list(AccountId account, @RequestParam(required = false) String name,
                           @RequestParam(required = false) Integer page,
                           @RequestParam(required = false) Integer limit) {
        Paging paging = Paging.of(page, limit);
        return new Listing<>(bots.count(account, name), bots.list(account, name, paging));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a bot")
    Bots.Bot get(AccountId account, @PathVariable UUID id) {
        return bots.find(account, id).orElseThrow(() -> notFound(id));
    }

    @PutMapping("/{id}")
    @Transactional
    @Operation(summary = "Replace a bot's name and scenario",
            description = "Saves a new version. Sessions already running finish on the version they started with.")
    Bots.Bot update(AccountId account, @PathVariable UUID id, @RequestBody BotRequest request) {
        validate(request);
        return bots.update(account, id, request.name().strip(), request.scenario()).orElseThrow(() -> notFound(id));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Transactional
    @Operation(summary = "Delete a bot", description = "409 while a chat has it as its default bot. Sessions it "
            + "ran stay in the statistics.")
    void delete(AccountId account, @PathVariable UUID id) {
        if (!bots.delete(account, id)) {
            throw notFound(id);
        }
    }

    private void validate(BotRequest request) {
        if (request == null) {
            throw new InvalidRequestException("$", "a JSON object with \"name\" and \"scenario\" is required");
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (request.name() == null || request.name().isBlank() || request.name().length() > MAX_NAME) {
            problems.add(new FieldProblem("name", "is required, at most " + MAX_NAME + " characters"));
        }
        if (request.scenario() != null
                && json.writeValueAsString(request.scenario()).getBytes(StandardCharsets.UTF_8).length > MAX_SCENARIO_BYTES) {
            problems.add(new FieldProblem("scenario", "must be at most " + MAX_SCENARIO_BYTES / 1024 + " KB of JSON"));
        } else {
            problems.addAll(ScenarioValidator.validate(request.scenario(), "scenario"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
    }

    private static NotFoundException notFound(UUID id) {
        return new NotFoundException("No bot " + id);
    }
}
