package dev.herald.chat.bot;

import dev.herald.auth.AccountId;
import dev.herald.web.Listing;
import dev.herald.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.HttpStatus;
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

/** Bots of the calling account: scripted scenarios, validated whole on every save. */
@RestController
@RequestMapping("/api/v1/bots")
@Tag(name = "Bots", description = "Scripted chat bots (docs/chats.md has the scenario format). API group: full.")
class BotController {

    private final Bots bots;
    private final BotEditor editor;

    BotController(Bots bots, BotEditor editor) {
        this.bots = bots;
        this.editor = editor;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a bot", description = "400 names every problem of the scenario by its JSON path.")
    Bots.Bot create(AccountId account, @RequestBody BotEditor.BotRequest request) {
        return editor.create(account, request);
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
        return bots.find(account, id).orElseThrow(() -> BotEditor.notFound(id));
    }

    @PutMapping("/{id}")
    @Operation(summary = "Replace a bot's name and scenario",
            description = "Saves a new version. Sessions already running finish on the version they started with.")
    Bots.Bot update(AccountId account, @PathVariable UUID id, @RequestBody BotEditor.BotRequest request) {
        return editor.update(account, id, request);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a bot", description = "409 while a chat has it as its default bot. Sessions it "
            + "ran stay in the statistics.")
    void delete(AccountId account, @PathVariable UUID id) {
        if (!editor.delete(account, id)) {
            throw BotEditor.notFound(id);
        }
    }
}
