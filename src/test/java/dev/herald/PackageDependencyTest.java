package dev.herald;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layers of docs/architecture.md ("Package layout"), lowest first: a package uses only the layers
 * below it, and provider adapters do not use each other. A new dependency that breaks this is a design
 * question, to be answered by moving the type to the layer it belongs to, not by an exception here.
 */
class PackageDependencyTest {

    /** The root package's start-up classes, which may use anything; the rest of it is configuration. */
    private static final Set<String> APPLICATION = Set.of("dev.herald.HeraldApplication", "dev.herald.StartupBanner");
    /** Sub-packages of {@code channel} that belong to the SPI rather than being an adapter. */
    private static final Set<String> SPI_PARTS = Set.of("sms");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.herald");
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Support").definedBy("dev.herald.support..")
                .layer("Configuration").definedBy(configuration())
                .layer("Database").definedBy("dev.herald.db..")
                .layer("Web").definedBy("dev.herald.web..", "dev.herald.auth..", "dev.herald.audit..")
                .layer("Channel SPI").definedBy(channelSpi())
                .layer("Adapters").definedBy(adapters())
                .layer("Providers").definedBy("dev.herald.provider..")
                .layer("Routing").definedBy("dev.herald.routing..")
                .layer("Delivery").definedBy("dev.herald.delivery..")
                .layer("Capabilities").definedBy("dev.herald.callback..", "dev.herald.messaging..",
                        "dev.herald.template..", "dev.herald.link..", "dev.herald.contact..", "dev.herald.chat..",
                        "dev.herald.task..", "dev.herald.stats..", "dev.herald.oauth..", "dev.herald.console..",
                        "dev.herald.account..",
                        "dev.herald.people..", "dev.herald.admin..", "dev.herald.policy..", "dev.herald.group..",
                        "dev.herald.broadcast..", "dev.herald.esputnik..", "dev.herald.event..",
                        "dev.herald.workflow..", "dev.herald.sso..", "dev.herald.signup..")
                .layer("Application").definedBy(application())

                .whereLayer("Application").mayNotBeAccessedByAnyLayer()
                .whereLayer("Capabilities").mayOnlyBeAccessedByLayers("Application")
                .whereLayer("Delivery").mayOnlyBeAccessedByLayers("Capabilities", "Application")
                .whereLayer("Routing").mayOnlyBeAccessedByLayers("Delivery", "Capabilities", "Application")
                .whereLayer("Providers").mayOnlyBeAccessedByLayers("Routing", "Delivery", "Capabilities", "Application")
                .whereLayer("Adapters").mayOnlyBeAccessedByLayers("Providers", "Routing", "Delivery", "Capabilities",
                        "Application")
                .whereLayer("Channel SPI").mayOnlyBeAccessedByLayers("Adapters", "Providers", "Routing", "Delivery",
                        "Capabilities", "Application")
                .whereLayer("Web").mayOnlyBeAccessedByLayers("Channel SPI", "Adapters", "Providers", "Routing",
                        "Delivery", "Capabilities", "Application")
                .whereLayer("Database").mayOnlyBeAccessedByLayers("Web", "Channel SPI", "Adapters", "Providers",
                        "Routing", "Delivery", "Capabilities", "Application")
                .whereLayer("Configuration").mayOnlyBeAccessedByLayers("Database", "Web", "Channel SPI", "Adapters",
                        "Providers", "Routing", "Delivery", "Capabilities", "Application")
                .whereLayer("Support").mayOnlyBeAccessedByLayers("Configuration", "Database", "Web", "Channel SPI",
                        "Adapters", "Providers", "Routing", "Delivery", "Capabilities", "Application")
                .check(classes);
    }

    @Test
    void everyPackageIsInALayer() {
        // A new top-level package must be placed in the layers above, or it would escape every rule.
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
                .should(new com.tngtech.archunit.lang.ArchCondition<JavaClass>("be in one of the layers") {
                    @Override
                    public void check(JavaClass item, com.tngtech.archunit.lang.ConditionEvents events) {
                        String pkg = item.getPackageName();
                        boolean known = pkg.equals("dev.herald") || Set.of("support", "db", "web", "auth", "channel",
                                "provider", "routing", "delivery", "callback", "messaging", "template", "link", "contact", "chat",
                                "task", "stats", "oauth", "console", "account", "audit", "people", "admin", "policy", "group", "broadcast", "esputnik", "event", "workflow", "sso", "signup").contains(pkg.replaceFirst("^dev\\.herald\\.", "")
                                .replaceFirst("\\..*", ""));
                        if (!known) {
                            events.add(com.tngtech.archunit.lang.SimpleConditionEvent.violated(item,
                                    item.getName() + " is in no layer of PackageDependencyTest"));
                        }
                    }
                })
                .check(classes);
    }

    @Test
    void adaptersDoNotUseEachOther() {
        SlicesRuleDefinition.slices().assignedFrom(new SliceAssignment() {
                    @Override
                    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                        String adapter = adapterOf(javaClass);
                        return adapter == null ? SliceIdentifier.ignore() : SliceIdentifier.of("channel." + adapter);
                    }

                    @Override
                    public String getDescription() {
                        return "provider adapters (sub-packages of dev.herald.channel)";
                    }
                })
                .should().notDependOnEachOther()
                .check(classes);
    }

    private static DescribedPredicate<JavaClass> configuration() {
        return DescribedPredicate.describe("the root package's configuration",
                c -> c.getPackageName().equals("dev.herald") && !isApplication(c));
    }

    private static DescribedPredicate<JavaClass> application() {
        return DescribedPredicate.describe("the application's start-up", PackageDependencyTest::isApplication);
    }

    private static DescribedPredicate<JavaClass> channelSpi() {
        return DescribedPredicate.describe("the channel SPI", c -> c.getPackageName().equals("dev.herald.channel")
                || (c.getPackageName().startsWith("dev.herald.channel.") && adapterOf(c) == null));
    }

    private static DescribedPredicate<JavaClass> adapters() {
        return DescribedPredicate.describe("provider adapters", c -> adapterOf(c) != null);
    }

    private static boolean isApplication(JavaClass c) {
        String outer = c.getName().replaceFirst("\\$.*", "");
        return APPLICATION.contains(outer);
    }

    /** The adapter a class belongs to ({@code smpp} for {@code dev.herald.channel.smpp.x}), or null. */
    private static String adapterOf(JavaClass c) {
        String pkg = c.getPackageName();
        if (!pkg.startsWith("dev.herald.channel.")) {
            return null;
        }
        String first = pkg.substring("dev.herald.channel.".length()).replaceFirst("\\..*", "");
        return SPI_PARTS.contains(first) ? null : first;
    }
}
