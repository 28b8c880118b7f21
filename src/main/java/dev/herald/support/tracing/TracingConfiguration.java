package dev.herald.support.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Message traces (docs/operations.md#tracing): exported over OTLP/HTTP to {@code herald.tracing.otlp-endpoint}
 * when it is set; blank (the default) is {@link MessageTraces#OFF}, with no SDK, exporter or thread at all.
 */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TracingConfiguration.class);

    @Bean(destroyMethod = "")
    MessageTraces messageTraces(TracerHolder holder) {
        return holder.traces;
    }

    @Bean(destroyMethod = "close")
    TracerHolder tracerHolder(@Value("${herald.tracing.otlp-endpoint:}") String endpoint,
                              @Value("${herald.tracing.sampling-probability:1.0}") double probability,
                              @Value("${herald.tracing.export-timeout:10s}") Duration timeout,
                              @Value("${spring.application.name:herald}") String serviceName) {
        if (endpoint.isBlank()) {
            return new TracerHolder(null, MessageTraces.OFF);
        }
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("herald.tracing.sampling-probability must be between 0 and 1, not "
                    + probability);
        }
        Sampler ratio = Sampler.traceIdRatioBased(probability);
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(
                        Attributes.of(AttributeKey.stringKey("service.name"), serviceName))))
                .setIdGenerator(new MessageIdGenerator())
                .setSampler(Sampler.parentBased(ratio))
                .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
                        .setEndpoint(endpoint).setTimeout(timeout).build()).build())
                .build();
        log.info("Message traces are exported to {} (sampling probability {})", endpoint, probability);
        return new TracerHolder(provider, new MessageTraces(provider.get("dev.herald"), ratio));
    }

    /** Owns the SDK, so that closing the context flushes the spans still buffered. */
    static final class TracerHolder implements AutoCloseable {

        private final SdkTracerProvider provider;
        private final MessageTraces traces;

        TracerHolder(SdkTracerProvider provider, MessageTraces traces) {
            this.provider = provider;
            this.traces = traces;
        }

        @Override
        public void close() {
            if (provider != null) {
                provider.close();
            }
        }
    }
}
