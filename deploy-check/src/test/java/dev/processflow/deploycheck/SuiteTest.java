package dev.processflow.deploycheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteTest {

    @Test
    void publicRootsAreTheResourcesFirstSegmentsWithoutOperatorEndpoints(@TempDir Path sources) throws IOException {
        Files.writeString(sources.resolve("Orders.java"), "@Path(\"/orders\") class Orders { @Path(\"{id}\") void one() {} }");
        Files.writeString(sources.resolve("Runs.java"), "@Path(\"/admin/reconciliations\") class Runs {}");
        Files.writeString(sources.resolve("Products.java"), "@Path(\"products/{sku}\") class Products {}");

        assertThat(Suite.restRoots(sources)).containsExactly("/orders", "/products");
    }
}
