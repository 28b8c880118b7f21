package dev.herald.channel.smtp;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.springframework.mail.MailSendException;

/**
 * The SMTP server's refusal found in what Jakarta Mail threw: its reply code and text
 * ({@code 550 5.1.1 user unknown}). Jakarta Mail nests them (a send failure holds the refused recipients,
 * Spring wraps the lot), so the whole tree is searched; a failure without any reply (connection refused,
 * timeout) has none.
 */
record SmtpReply(int code, String text) {

    private static final Pattern LEADING_CODE = Pattern.compile("^\\s*([2-5]\\d\\d)[ -]");

    boolean permanent() {
        return code >= 500;
    }

    /** The most specific refusal: a recipient's over the sender's over the message's over the login's. */
    static Optional<SmtpReply> of(Throwable failure) {
        SmtpReply best = null;
        int bestRank = Integer.MAX_VALUE;
        for (Throwable t : tree(failure)) {
            int rank;
            int code;
            switch (t) {
                case SMTPAddressFailedException e -> { rank = 0; code = e.getReturnCode(); }
                case SMTPSenderFailedException e -> { rank = 1; code = e.getReturnCode(); }
                case SMTPSendFailedException e -> { rank = 2; code = e.getReturnCode(); }
                case AuthenticationFailedException e -> { rank = 3; code = leadingCode(e.getMessage()); }
                default -> { continue; }
            }
            if (code >= 400 && rank < bestRank) {
                best = new SmtpReply(code, clean(t.getMessage()));
                bestRank = rank;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Every message in the tree, without repeats: for failures that carry no reply. */
    static String describe(Throwable failure) {
        Set<String> messages = new LinkedHashSet<>();
        for (Throwable t : tree(failure)) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                messages.add(clean(t.getMessage()));
            }
        }
        return messages.isEmpty() ? failure.toString() : String.join("; ", messages);
    }

    /** Breadth first, so outer (more general) messages come before the causes that explain them. */
    private static List<Throwable> tree(Throwable root) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> ordered = new ArrayList<>();
        Deque<Throwable> open = new ArrayDeque<>();
        open.add(root);
        while (!open.isEmpty()) {
            Throwable t = open.poll();
            if (!seen.add(t)) {
                continue;
            }
            ordered.add(t);
            if (t.getCause() != null) {
                open.add(t.getCause());
            }
            if (t instanceof MessagingException m && m.getNextException() != null) {
                open.add(m.getNextException());
            }
            if (t instanceof MailSendException m) {
                Collections.addAll(open, m.getMessageExceptions());
            }
        }
        return ordered;
    }

    private static int leadingCode(String message) {
        Matcher matcher = LEADING_CODE.matcher(message == null ? "" : message);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    /** Server replies end in CRLF and may span lines; one line reads better in a status. */
    private static String clean(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
