package dev.herald.template;

import com.samskivert.mustache.BasicCollector;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How template texts are written: Mustache ({@code {{name}}}, {@code {{#flag}}...{{/flag}}},
 * {@code {{^flag}}...{{/flag}}}) through JMustache. Variables are looked up in the destination's
 * {@code variables} only, never as fields or methods of Java objects. A variable with no value is an error,
 * never a blank; a section whose variable is missing or empty is simply left out. Partials and template
 * inheritance are not supported: a template is one self-contained text.
 */
final class TemplateSyntax {

    private static final Mustache.Compiler RAW = Mustache.compiler()
            .escapeHTML(false)
            .emptyStringIsFalse(true)
            .withCollector(new VariablesOnly());
    private static final Mustache.Compiler HTML = RAW.escapeHTML(true);

    private TemplateSyntax() {}

    /** Whether a text has anything for Mustache to do; texts without it are sent as written. */
    static boolean isTemplated(String text) {
        return text.contains("{{");
    }

    /**
     * @param html whether variables are HTML-escaped (e-mail {@code html}); elsewhere they go in raw
     * @throws MustacheException when the text does not parse
     */
    static Template compile(String text, boolean html) {
        Template template = (html ? HTML : RAW).compile(text);
        template.visit(new Names(null));
        return template;
    }

    /** What is wrong with a text, saying where; empty when it compiles. */
    static Optional<String> problem(String text) {
        try {
            compile(text, false);
            return Optional.empty();
        } catch (RuntimeException e) {
            // JMustache reports most mistakes as MustacheException, a few (e.g. an empty tag) as other exceptions.
            return Optional.of(e instanceof MustacheException ? e.getMessage() : "a tag cannot be read (" + e + ")");
        }
    }

    /** The variable names a text uses, sections included. */
    static Set<String> variables(String text) {
        Set<String> names = new TreeSet<>();
        RAW.compile(text).visit(new Names(names));
        return names;
    }

    /** Collects variable names and refuses partials and inheritance, which would load other templates. */
    private record Names(Set<String> into) implements Mustache.Visitor {

        @Override
        public void visitText(String text) {
            // JMustache keeps an unclosed tag as text; sending "{{name" to people is never what was meant.
            int open = text.indexOf("{{");
            if (open >= 0) {
                throw new MustacheException("'" + text.substring(open, Math.min(text.length(), open + 20))
                        + "' opens a tag with {{ that is not closed by }}");
            }
        }

        @Override
        public void visitVariable(String name) {
            add(name);
        }

        @Override
        public boolean visitInclude(String name) {
            throw new MustacheException("partials ({{> " + name + "}}) are not supported; write the text out");
        }

        @Override
        public boolean visitParent(String name) {
            throw new MustacheException("template inheritance ({{< " + name + "}}) is not supported");
        }

        @Override
        public boolean visitBlock(String name) {
            throw new MustacheException("blocks ({{$" + name + "}}) are not supported");
        }

        @Override
        public boolean visitSection(String name) {
            add(name);
            return true;
        }

        @Override
        public boolean visitInvertedSection(String name) {
            add(name);
            return true;
        }

        private void add(String name) {
            if (into != null && !name.equals(".") && !name.equals("this") && !name.startsWith("-")) {
                into.add(name);
            }
        }
    }

    /** Looks names up in maps (the variables) only: no reflection on Java objects. */
    private static final class VariablesOnly extends BasicCollector {

        @Override
        public <K, V> Map<K, V> createFetcherCache() {
            return new ConcurrentHashMap<>();
        }
    }
}
