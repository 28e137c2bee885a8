package dev.processflow.deploycheck;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** How findings name an object: {@code Kind/name}. */
final class Names {

    private Names() {
    }

    static String id(HasMetadata resource) {
        return resource.getKind() + "/" + resource.getMetadata().getName();
    }
}
