package dev.herald.template;

import java.util.Map;
import java.util.Optional;

/**
 * Fills contents written inline (a workflow's send with {@code channels} instead of a template) in with variables,
 * exactly as a template's channels are filled: the same Mustache syntax, the same fields rendered (not the sender,
 * ids or names), the e-mail {@code html} escaped, a missing variable an error naming it. Keeps the texts it
 * compiled: make one per batch of sends, on one thread.
 */
public final class InlineContents {

    private final ContentRenderer renderer = new ContentRenderer();

    /** A variable the content uses that the variables given do not have. */
    public static final class MissingVariable extends RuntimeException {

        private final String variable;

        MissingVariable(String variable) {
            super("uses the variable '" + variable + "', which has no value", null, false, false);
            this.variable = variable;
        }

        public String variable() {
            return variable;
        }
    }

    /** What is wrong with the content's texts, naming the field ({@code text: ...}); empty when every one compiles. */
    public static Optional<String> problem(Map<String, Object> content) {
        StringBuilder found = new StringBuilder();
        ContentRenderer.forEachText(content, (path, text) -> {
            if (found.isEmpty() && TemplateSyntax.isTemplated(text)) {
                TemplateSyntax.problem(text).ifPresent(problem -> found.append(path).append(": ").append(problem));
            }
        });
        return found.isEmpty() ? Optional.empty() : Optional.of(found.toString());
    }

    /** Whether the content has any text with variables or sections to fill in. */
    public static boolean isTemplated(Map<String, Object> content) {
        boolean[] templated = {false};
        ContentRenderer.forEachText(content, (path, text) -> templated[0] |= TemplateSyntax.isTemplated(text));
        return templated[0];
    }

    /** @throws MissingVariable naming the first variable without a value */
    public Map<String, Object> render(Map<String, Object> content, Map<String, Object> variables) {
        try {
            return renderer.render(content, variables);
        } catch (ContentRenderer.MissingVariableException e) {
            throw new MissingVariable(e.variable());
        }
    }
}
