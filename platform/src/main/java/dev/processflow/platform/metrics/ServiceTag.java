package dev.processflow.platform.metrics;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every meter names the service it comes from ({@code service="order-service"}, ...), so the operators' dashboard
 * (deploy/grafana) charts each function by service whatever labels the scraper adds.
 */
public class ServiceTag {

    @Produces
    @Singleton
    MeterFilter serviceTag(@ConfigProperty(name = "quarkus.application.name") String service) {
        return MeterFilter.commonTags(List.of(Tag.of("service", service)));
    }
}
