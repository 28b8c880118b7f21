package dev.herald.web;

import dev.herald.auth.AccountId;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
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
     * The error answers every API operation may give, in one place rather than on each controller method: 400
     * (the problem names the fields), 401, 403 (the token lacks the operation's scope), 404 for a path with an id,
     * 413 for one with a body, and 503 with {@code Retry-After} (the database or, for sends, the delivery engine is
     * behind). An operation's own description of a code is kept; it gains the problem body.
     */
    @Bean
    OpenApiCustomizer commonErrorResponses() {
        return openApi -> {
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            openApi.getComponents().addHeaders("Retry-After", new Header()
                    .description("Seconds to wait before trying again").schema(new IntegerSchema()));
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> {
                if (!path.startsWith("/api/")) {
                    return;
                }
                item.readOperationsMap().forEach((method, operation) -> {
                    ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
                    operation.setResponses(responses);
                    addError(responses, "400", "Invalid request: the problem's errors name the fields");
                    addError(responses, "401", "No valid API token (Authorization: Bearer <token>)");
                    addError(responses, "403", "The token's scopes do not include this operation");
                    if (path.contains("{")) {
                        addError(responses, "404", "No such resource for this account");
                    }
                    if (operation.getRequestBody() != null) {
                        addError(responses, "413", "The request body is larger than the API accepts");
                    }
                    addError(responses, "503", "Try again after Retry-After seconds: the database is unavailable"
                            + (isSend(path, operation) ? ", or delivery is behind or the node is at its intake limit" : ""));
                    responses.get("503").addHeaderObject("Retry-After",
                            new Header().$ref("#/components/headers/Retry-After"));
                });
            });
        };
    }

    private static final String PROBLEM = "Problem";

    private static boolean isSend(String path, Operation operation) {
        return path.equals("/api/v1/messages") && operation.getRequestBody() != null;
    }

    private static void addError(ApiResponses responses, String code, String description) {
        ApiResponse response = responses.get(code);
        if (response == null) {
            response = new ApiResponse().description(description);
            responses.addApiResponse(code, response);
        }
        if (response.getContent() == null) {
            response.setContent(new Content());
        }
        // The body Herald writes for every error, beside whatever the operation describes itself.
        response.getContent().putIfAbsent(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
    }

    /** RFC 9457 problem details as ApiExceptionHandler writes them; {@code errors} only on a 400. */
    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        return new ObjectSchema()
                .description("An error (RFC 9457 problem details)")
                .addProperty("type", new StringSchema().example("about:blank"))
                .addProperty("title", new StringSchema().example("Invalid request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema().example("messages[0].destinations[0].phone: must be a phone number"))
                .addProperty("instance", new StringSchema())
                .addProperty("errors", new ArraySchema().description("The fields that are invalid (400 only)")
                        .items(new ObjectSchema()
                                .addProperty("field", new StringSchema().example("messages[0].destinations[0].phone"))
                                .addProperty("message", new StringSchema().example("must be a phone number"))));
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
