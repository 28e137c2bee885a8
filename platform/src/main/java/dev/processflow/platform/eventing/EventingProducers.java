package dev.processflow.platform.eventing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processflow.events.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

@ApplicationScoped
public class EventingProducers {

    @Produces
    @ApplicationScoped
    EventCodec eventCodec(ObjectMapper mapper) {
        return new EventCodec(mapper);
    }
}
