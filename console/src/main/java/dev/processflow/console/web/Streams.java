package dev.processflow.console.web;

import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import dev.processflow.console.upstream.ConsoleConfig;

/**
 * Server-Sent Events for the pages: named JSON events, and a comment every so often so proxies and load balancers
 * between browser and console do not close a quiet stream.
 */
@ApplicationScoped
public class Streams {

    private final Duration heartbeat;

    public Streams(ConsoleConfig config) {
        this.heartbeat = config.sseHeartbeat();
    }

    public static OutboundSseEvent event(Sse sse, String name, Object data) {
        return sse.newEventBuilder().name(name).mediaType(MediaType.APPLICATION_JSON_TYPE).data(data).build();
    }

    public Multi<OutboundSseEvent> withHeartbeat(Sse sse, Multi<OutboundSseEvent> events) {
        Multi<OutboundSseEvent> beats = Multi.createFrom().ticks().every(heartbeat)
                .map(tick -> sse.newEventBuilder().comment("keep-alive").build());
        return Multi.createBy().merging().streams(events, beats);
    }
}
