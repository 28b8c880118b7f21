package dev.herald.console;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.web.multipart.MultipartFile;

/**
 * The recipients' file of a "new send task" form that came back with an error, kept so the person need not choose
 * it again. It lives in their own HTTP session (so no one else can use it) as a temporary file, deleted when it
 * is replaced, used, or the session ends.
 */
final class KeptTaskFile implements HttpSessionBindingListener {

    private static final String ATTRIBUTE = KeptTaskFile.class.getName();

    private final Path path;
    private final String name;

    private KeptTaskFile(Path path, String name) {
        this.path = path;
        this.name = name;
    }

    /** Keeps an upload in the session, replacing one kept before. */
    static KeptTaskFile keep(HttpSession session, MultipartFile file) {
        try {
            Path path = Files.createTempFile("herald-kept-task-", ".upload");
            file.transferTo(path);
            KeptTaskFile kept = new KeptTaskFile(path, file.getOriginalFilename() == null ? "file"
                    : file.getOriginalFilename());
            session.setAttribute(ATTRIBUTE, kept);
            return kept;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file kept in this session, or null. */
    static KeptTaskFile of(HttpSession session) {
        return session.getAttribute(ATTRIBUTE) instanceof KeptTaskFile kept && Files.exists(kept.path) ? kept : null;
    }

    /** Forgets the kept file (it was used, or the person chose to drop it). */
    static void drop(HttpSession session) {
        session.removeAttribute(ATTRIBUTE);
    }

    Path path() {
        return path;
    }

    /** The name the file had on the person's computer. */
    String name() {
        return name;
    }

    @Override
    public void valueUnbound(HttpSessionBindingEvent event) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // left to the temp directory's cleanup
        }
    }
}
