package dev.herald.template;

import dev.herald.messaging.ChannelOptions;
import java.util.Map;

/**
 * The body of {@code POST} and {@code PUT /api/v1/templates}.
 *
 * @param channels the channels in cascade order, each as in {@code POST /api/v1/messages}, texts with {@code {{variables}}}
 * @param version  on update, optionally the version the change was made from; another current version is a 409
 */
record TemplateRequest(String name, String description, Map<String, ChannelOptions> channels, Integer version) {}
