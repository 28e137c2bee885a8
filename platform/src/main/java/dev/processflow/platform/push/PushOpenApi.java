package dev.processflow.platform.push;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/** Leaves {@code POST /events} out of the OpenAPI document wherever it is not a route. */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class PushOpenApi implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        boolean enabled = ConfigProvider.getConfig().getOptionalValue("processflow.push.enabled", Boolean.class)
                .orElse(false);
        if (!enabled && openAPI.getPaths() != null) {
            openAPI.getPaths().removePathItem(PushRoutes.PATH);
        }
    }
}
