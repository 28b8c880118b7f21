package dev.herald.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/compose.yaml and the Helm chart deploy/helm/herald are well-formed and wired together (helm is not in
 * Debian, so no helm lint here): each file parses, every reference resolves (services, mounted files, values).
 * Chart templates are checked with their template actions blanked out, which keeps the YAML around them.
 */
class DeploymentFilesTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final Path CHART = DEPLOY.resolve("helm/herald");
    private static final Pattern ACTION = Pattern.compile("\\{\\{-?(.*?)-?}}");
    private static final Pattern VALUE_REF = Pattern.compile("\\.Values((?:\\.[A-Za-z][A-Za-z0-9]*)+)");

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsTwoHeraldsOnOnePostgresWithMailpitPrometheusAndGrafana() throws IOException {
        Map<String, Object> compose = load(DEPLOY.resolve("compose.yaml"));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsOnlyKeys("postgres", "herald-1", "herald-2", "mailpit", "prometheus", "grafana");

        Set<String> hostPorts = new TreeSet<>();
        for (var entry : services.entrySet()) {
            Map<String, Object> service = entry.getValue();
            assertThat(service).as(entry.getKey()).containsKey("image");
            for (Object port : (List<Object>) service.getOrDefault("ports", List.of())) {
                assertThat(hostPorts.add(port.toString().split(":")[0])).as("host port %s used twice", port).isTrue();
            }
            Object dependsOn = service.getOrDefault("depends_on", List.of());
            Iterable<String> needed = dependsOn instanceof Map<?, ?> map ? (Set<String>) map.keySet() : (List<String>) dependsOn;
            needed.forEach(name -> assertThat(services).as("%s depends on", entry.getKey()).containsKey(name));
            for (Object volume : (List<Object>) service.getOrDefault("volumes", List.of())) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(DEPLOY.resolve(source)).as("%s mounts %s", entry.getKey(), source).exists();
                } else {
                    assertThat((Map<String, Object>) compose.get("volumes")).containsKey(source);
                }
            }
        }
        for (String node : List.of("herald-1", "herald-2")) {
            Map<String, Object> herald = services.get(node);
            Map<String, Object> env = (Map<String, Object>) herald.get("environment");
            assertThat(env.get("HERALD_DB_URL").toString()).startsWith("jdbc:postgresql://postgres:5432/");
            assertThat(env).containsKeys("HERALD_SECRET_KEY", "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD");
            assertThat(herald.get("read_only")).isEqualTo(true);
            assertThat((List<String>) herald.get("tmpfs")).contains("/tmp");
            assertThat(((Map<String, Object>) herald.get("depends_on")).get("postgres"))
                    .isEqualTo(Map.of("condition", "service_healthy"));
        }
        assertThat(((Map<String, Object>) services.get("herald-2").get("environment")).get("HERALD_DB_URL"))
                .isEqualTo(((Map<String, Object>) services.get("herald-1").get("environment")).get("HERALD_DB_URL"));

        Map<String, Object> prometheus = load(DEPLOY.resolve("prometheus/prometheus.yml"));
        Map<String, Object> job = ((List<Map<String, Object>>) prometheus.get("scrape_configs")).get(0);
        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        List<String> targets = (List<String>) ((List<Map<String, Object>>) job.get("static_configs")).get(0).get("targets");
        assertThat(targets).containsExactlyInAnyOrder("herald-1:8080", "herald-2:8080");

        Map<String, Object> provider = ((List<Map<String, Object>>) load(
                DEPLOY.resolve("grafana/provisioning/dashboards/herald.yaml")).get("providers")).get(0);
        assertThat(((Map<String, Object>) provider.get("options")).get("path")).isEqualTo("/var/lib/grafana/dashboards");
        assertThat(DEPLOY.resolve("grafana/dashboards/herald.json")).exists();
    }

    @Test
    @SuppressWarnings("unchecked")
    void chartHasEveryObjectAndEveryValueItUses() throws IOException {
        Map<String, Object> chart = load(CHART.resolve("Chart.yaml"));
        assertThat(chart).containsEntry("apiVersion", "v2").containsEntry("name", "herald").containsKeys("version", "appVersion");
        Map<String, Object> values = load(CHART.resolve("values.yaml"));

        Map<String, Map<String, Object>> objects = new HashMap<>();
        List<String> missingValues = new ArrayList<>();
        try (Stream<Path> templates = Files.list(CHART.resolve("templates"))) {
            for (Path template : templates.sorted().toList()) {
                String text = Files.readString(template);
                Matcher refs = VALUE_REF.matcher(text);
                while (refs.find()) {
                    if (!hasPath(values, refs.group(1).substring(1).split("\\."))) {
                        missingValues.add(template.getFileName() + ": .Values" + refs.group(1));
                    }
                }
                if (template.toString().endsWith(".yaml")) {
                    Map<String, Object> object = new Yaml().load(blankActions(text));
                    assertThat(object).as(template.toString()).containsKeys("apiVersion", "kind", "metadata");
                    objects.put((String) object.get("kind"), object);
                }
            }
        }
        assertThat(missingValues).isEmpty();
        assertThat(objects).containsOnlyKeys("Deployment", "Service", "Ingress", "HorizontalPodAutoscaler", "Secret",
                "PodDisruptionBudget");

        Map<String, Object> pod = (Map<String, Object>) get(objects.get("Deployment"), "spec", "template", "spec");
        assertThat(get(pod, "securityContext", "runAsNonRoot")).isEqualTo(true);
        Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
        assertThat(get(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(get(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat(get(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
        assertThat((List<Map<String, Object>>) container.get("volumeMounts")).contains(Map.of("name", "tmp", "mountPath", "/tmp"));
        assertThat(get((Map<String, Object>) ((List<?>) container.get("envFrom")).get(0), "secretRef")).isNotNull();
        assertThat((Integer) values.get("terminationGracePeriodSeconds")).isGreaterThan(20 + 5);

        assertThat((Map<String, Object>) get(objects.get("Secret"), "stringData"))
                .containsKeys("HERALD_SECRET_KEY", "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD");
        List<Map<String, Object>> metrics = (List<Map<String, Object>>) get(objects.get("HorizontalPodAutoscaler"), "spec", "metrics");
        assertThat(metrics).anyMatch(m -> "herald_queue_depth".equals(get(m, "external", "metric", "name")));
        // Label blocks come from include actions, blanked here: the keys are there, their contents are the helpers'.
        assertThat((Map<String, Object>) get(objects.get("PodDisruptionBudget"), "spec", "selector")).containsKey("matchLabels");
        assertThat(get(objects.get("Ingress"), "spec", "rules")).isNotNull();
        assertThat(values.get("replicaCount")).isEqualTo(2);
    }

    /** Drops lines that hold only template actions and turns inline actions into a placeholder scalar. */
    static String blankActions(String template) {
        StringBuilder yaml = new StringBuilder();
        for (String line : template.split("\n")) {
            if (ACTION.matcher(line).replaceAll("").isBlank() && line.contains("{{")) {
                continue;
            }
            yaml.append(ACTION.matcher(line).replaceAll("x")).append('\n');
        }
        return yaml.toString();
    }

    private static boolean hasPath(Map<String, Object> values, String[] path) {
        Object node = values;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return false;
            }
            node = map.get(key);
        }
        return true;
    }

    private static Object get(Map<String, Object> node, String... path) {
        Object current = node;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    private static Map<String, Object> load(Path file) throws IOException {
        return new Yaml().load(Files.readString(file));
    }
}
