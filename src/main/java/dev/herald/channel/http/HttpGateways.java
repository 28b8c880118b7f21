package dev.herald.channel.http;

import dev.herald.HeraldProperties;
import dev.herald.channel.Channel;
import dev.herald.channel.ChannelProvider;
import dev.herald.channel.DefaultSenders;
import dev.herald.channel.ProviderHttp;
import dev.herald.channel.ProviderSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP gateways configured under {@code herald.http-gateways.<name>}, each a provider of that name. */
@Component
class HttpGateways implements ProviderSet {

    private final List<ChannelProvider> providers;
    private final Map<String, HeraldProperties.HttpGateway> configs;

    HttpGateways(HeraldProperties properties, JsonMapper json, DefaultSenders senders) {
        this.configs = properties.httpGateways();
        HttpClient http = ProviderHttp.keepAliveClient();
        this.providers = configs.entrySet().stream()
                .map(e -> (ChannelProvider) new HttpGatewayProvider(e.getKey(), validated(e.getKey(), e.getValue()),
                        channels(e.getKey(), e.getValue()), http, json, senders))
                .toList();
    }

    @Override
    public List<ChannelProvider> providers() {
        return providers;
    }

    /** The configuration of gateway {@code name}, if there is one. */
    HeraldProperties.HttpGateway config(String name) {
        return configs.get(name);
    }

    private static HeraldProperties.HttpGateway validated(String name, HeraldProperties.HttpGateway config) {
        URI uri;
        try {
            uri = URI.create(config.baseUrl() == null ? "" : config.baseUrl());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("herald.http-gateways." + name + ".base-url is not a URL: " + config.baseUrl());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalStateException("herald.http-gateways." + name + ".base-url must be an http(s) URL, got: "
                    + config.baseUrl());
        }
        if (config.maxConcurrent() < 1) {
            throw new IllegalStateException("herald.http-gateways." + name + ".max-concurrent must be at least 1, got: "
                    + config.maxConcurrent());
        }
        return config;
    }

    private static Set<Channel> channels(String name, HeraldProperties.HttpGateway config) {
        if (config.channels() == null || config.channels().isEmpty()) {
            throw new IllegalStateException("herald.http-gateways." + name + ".channels must list the channels it carries");
        }
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        for (String key : config.channels()) {
            channels.add(Channel.parse(key).orElseThrow(() -> new IllegalStateException(
                    "herald.http-gateways." + name + ".channels: unknown channel '" + key + "'; known: " + Channel.keys())));
        }
        return channels;
    }
}
