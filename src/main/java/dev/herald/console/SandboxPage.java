package dev.herald.console;

import dev.herald.channel.Channel;
import dev.herald.channel.sandbox.SandboxMessages;
import java.util.Arrays;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sandbox inbox: what the built-in provider "sent", per channel, newest first and refreshing live. */
@Controller
class SandboxPage {

    private static final int SHOWN = 50;

    private final SandboxMessages sandbox;

    SandboxPage(SandboxMessages sandbox) {
        this.sandbox = sandbox;
    }

    @GetMapping("/console/sandbox")
    String inbox(ConsoleUser user, @RequestParam(defaultValue = "") String channel, Model model) {
        fill(user, channel, model);
        model.addAttribute("channels", Arrays.stream(Channel.values()).map(Channel::key).toList());
        return "console/sandbox";
    }

    @GetMapping("/console/sandbox/list")
    String list(ConsoleUser user, @RequestParam(defaultValue = "") String channel, Model model) {
        fill(user, channel, model);
        return "console/sandbox :: list";
    }

    private void fill(ConsoleUser user, String channel, Model model) {
        Channel chosen = Channel.parse(channel).orElse(null);
        model.addAttribute("channel", chosen == null ? "" : chosen.key());
        model.addAttribute("count", sandbox.count(user.account(), chosen, null));
        model.addAttribute("messages", sandbox.list(user.account(), chosen, null, 0, SHOWN));
    }
}
