package dev.processflow.platform.push;

import io.quarkus.arc.Unremovable;
import io.quarkus.oidc.TenantFeature;
import io.quarkus.oidc.common.OidcEndpoint;
import io.quarkus.oidc.common.OidcRequestFilter;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Presents the pod's own service-account token when the {@code eventing} tenant fetches the cluster issuer's
 * discovery document and keys: Kubernetes serves them to every service account (the
 * {@code system:service-account-issuer-discovery} role) but not to anonymous callers. The file is read on each fetch
 * because the kubelet rotates it.
 */
@Singleton
// quarkus-oidc finds its filters at runtime, which does not keep an otherwise unused bean from being removed.
@Unremovable
@TenantFeature("eventing")
@OidcEndpoint({OidcEndpoint.Type.DISCOVERY, OidcEndpoint.Type.JWKS})
public class IssuerAccess implements OidcRequestFilter {

    private final PushConfig config;

    public IssuerAccess(PushConfig config) {
        this.config = config;
    }

    @Override
    public Uni<Void> filter(OidcRequestFilterContext context) {
        return config.issuer().tokenFile()
                .map(file -> context.runBlocking(() -> context.request()
                        .putHeader("Authorization", "Bearer " + read(Path.of(file)))))
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token for the eventing issuer from " + file, e);
        }
    }
}
