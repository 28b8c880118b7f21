package dev.herald.console;

import org.springframework.ui.Model;

/**
 * The one way the console confirms a destructive action. {@code GET <action>} shows a page that names the
 * object and says what will happen; its form posts {@code <action>} with {@code confirmed=yes}. A post without
 * that field (a stale page, a forged form, a script) does nothing and lands on the confirmation page instead.
 * Plain HTML: it works without JavaScript.
 *
 * @param question    "Delete the template «Welcome»?"
 * @param consequence what will happen, with the server's own counts
 * @param button      the confirming button's words ("Delete", "Cancel the task", "Revoke")
 * @param action      the path the confirmation posts to, which also serves this page on GET
 * @param back        where "Keep it" leads
 */
record Confirmation(String question, String consequence, String button, String action, String back) {

    /** The form field a destructive post must carry. */
    static final String FIELD = "confirmed";
    private static final String YES = "yes";

    /** Whether a post carries the confirmation. */
    static boolean given(String confirmed) {
        return YES.equals(confirmed);
    }

    /** Where a post without the confirmation goes: the page that asks for it. */
    static String ask(String action) {
        return "redirect:" + action;
    }

    /**
     * Fills the confirmation page.
     *
     * @param nav     the menu entry to highlight
     * @param section the chat tab to highlight, or null where there are no tabs
     */
    String show(Model model, String nav, String section) {
        model.addAttribute("pageTitle", question);
        model.addAttribute("confirm", this);
        model.addAttribute("nav", nav);
        model.addAttribute("section", section);
        return "console/confirm-delete";
    }
}
