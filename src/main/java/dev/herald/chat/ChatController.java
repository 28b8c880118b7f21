package dev.herald.chat;

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

/** Chats of the calling account: where they reach clients and which bot answers there. */
@RestController
@RequestMapping("/api/v1/chats")
@Tag(name = "Chats", description = "Conversation endpoints bound to messengers (docs/chats.md). API group: full.")
class ChatController {

    private final Chats chats;
    private final ChatEditor editor;

    ChatController(Chats chats, ChatEditor editor) {
        this.chats = chats;
        this.editor = editor;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a chat")
    Chat create(AccountId account, @RequestBody ChatEditor.ChatRequest request) {
        return editor.create(account, request);
    }

    @GetMapping
    @Operation(summary = "List or search chats", description = "name: only chats whose name, or whose bot's name, "
            + "contains it, ignoring case.")
    Listing<Chat> list(AccountId account, @RequestParam(required = false) String name,
                       @RequestParam(required = false) Integer page,
                       @RequestParam(required = false) Integer limit) {
        Paging paging = Paging.of(page, limit);
        return new Listing<>(chats.count(account, name), chats.list(account, name, paging));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a chat")
    Chat get(AccountId account, @PathVariable UUID id) {
        return chats.find(account, id).orElseThrow(() -> ChatEditor.notFound(id));
    }

    @PutMapping("/{id}")
    @Operation(summary = "Replace a chat's name, bot and messengers",
            description = "Open sessions go on with their bot; new sessions start with the chat's new bot.")
    Chat update(AccountId account, @PathVariable UUID id, @RequestBody ChatEditor.ChatRequest request) {
        return editor.update(account, id, request);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a chat", description = "Deletes its sessions and their transcripts too.")
    void delete(AccountId account, @PathVariable UUID id) {
        if (!editor.delete(account, id)) {
            throw ChatEditor.notFound(id);
        }
    }
}
