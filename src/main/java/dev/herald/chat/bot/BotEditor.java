package dev.herald.chat.bot;

import dev.herald.auth.AccountId;
import dev.herald.web.FieldProblem;
import dev.herald.web.InvalidRequestException;
import dev.herald.web.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates, changes and deletes an account's bots, checking the scenario whole the same way for the API and
 * the console: a bad one is an {@link InvalidRequestException} naming each problem by its JSON path
 * ({@code scenario.steps[1].next}).
 */
@Service
public class BotEditor {

    static final int MAX_NAME = 255;
    static final int MAX_SCENARIO_BYTES = 256 * 1024;

    /** A bot as a client asks for it. */
    public record BotRequest(String name, Scenario scenario) {}

    private final Bots bots;
    private final JsonMapper json;

    BotEditor(Bots bots, JsonMapper json) {
        this.bots = bots;
        this.json = json;
    }

    @Transactional
    public Bots.Bot create(AccountId account, BotRequest request) {
        validate(request);
        return bots.create(account, request.name().strip(), request.scenario());
    }

    /** Saves the scenario as a new version; sessions already running finish on the version they started with. */
    @Transactional
    public Bots.Bot update(AccountId account, UUID id, BotRequest request) {
        validate(request);
        return bots.update(account, id, request.name().strip(), request.scenario()).orElseThrow(() -> notFound(id));
    }

    /**
     * Hides the bot; false when the account has no such bot.
     *
     * @throws dev.herald.web.ConflictException while a chat has it as its bot
     */
    @Transactional
    public boolean delete(AccountId account, UUID id) {
        return bots.delete(account, id);
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

    static NotFoundException notFound(UUID id) {
        return new NotFoundException("No bot " + id);
    }
}
