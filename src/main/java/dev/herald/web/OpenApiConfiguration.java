package dev.herald.web;

import dev.herald.auth.AccountId;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description behind {@code /swagger-ui.html}: every operation takes the bearer token. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static {
        // The account comes from the token, not from a request parameter.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(AccountId.class);
    }

    @Bean
    OpenAPI heraldOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Herald API").version("v1")
                        .description("Omnichannel notifications: send over SMS, e-mail, push, messengers and chat "
                                + "with fallback cascades, and follow every message's status. Authorize with the "
                                + "demo token printed at start-up."))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    /**
     * Operation ids from the controller and its method ({@code MessageController.get} is {@code messageGet}), so that
     * they are unique without springdoc's numbered suffixes ({@code get_10}) and the generated client SDKs
     * (docs/operations.md#client-sdks) keep their method names when endpoints are added elsewhere.
     */
    @Bean
    OperationCustomizer controllerOperationIds() {
        return (operation, handler) -> {
            String controller = handler.getBeanType().getSimpleName().replaceFirst("Controller$", "");
            String method = handler.getMethod().getName();
            operation.setOperationId(Character.toLowerCase(controller.charAt(0)) + controller.substring(1)
                    + Character.toUpperCase(method.charAt(0)) + method.substring(1));
            return operation;
        };
    }

    /**
     * One entry per tag name: several controllers share a tag (e.g. Providers), and a repeated tag makes the document
     * invalid for OpenAPI tools such as the SDK generator.
     */
    @Bean
    OpenApiCustomizer uniqueTags() {
        return openApi -> {
            if (openApi.getTags() != null) {
                Map<String, Tag> byName = new LinkedHashMap<>();
                openApi.getTags().forEach(tag -> byName.merge(tag.getName(), tag,
                        (first, next) -> first.getDescription() == null ? next : first));
                openApi.setTags(new java.util.ArrayList<>(byName.values()));
            }
        };
    }
}
