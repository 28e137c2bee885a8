package dev.processflow.image;

import dev.processflow.image.imaging.VariantSpec;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Everything configurable about images, under {@code processflow.image}. */
@ConfigMapping(prefix = "processflow.image")
public interface ImageConfig {

    /** Larger uploads are refused with 413. */
    @WithDefault("20M")
    MemorySize maxUploadSize();

    /** Images declaring more pixels (width x height) are refused with 422 before any decoding. */
    @WithDefault("50000000")
    long maxPixels();

    /** JPEG quality of the variants, 0 to 1. */
    @WithDefault("0.85")
    float jpegQuality();

    Resize resize();

    Decode decode();

    /** The variants to make, by name (lower-case letters, digits and dashes); the defaults are in application.properties. */
    Map<String, Variant> variants();

    /** Where originals and variants are kept. */
    @WithDefault("local")
    StorageKind storage();

    Local local();

    S3 s3();

    enum StorageKind { LOCAL, S3 }

    interface Resize {
        /** How many resizes run at once; defaults to the number of cores. */
        OptionalInt concurrency();

        /**
         * The most decoded source pixels one resize holds at once; by default its share of the heap budget (all of
         * it for a progressive JPEG, each band of which repeats the whole decode).
         */
        OptionalLong bandPixels();
    }

    /**
     * The memory all decodes together may hold (upload checks and resizes alike), admitted from each image's header
     * before it is decoded.
     */
    interface Decode {
        /**
         * Heap for decoded pixels and the decoders written in Java; by default half the old generation (where decoded
         * bands end up): a third of the maximum heap under the serial or parallel collector, half under G1.
         */
        Optional<MemorySize> heapBudget();

        /**
         * Memory outside the heap, which libjpeg takes for JPEGs with more than one scan; by default what one
         * progressive 4:4:4 JPEG at the pixel limit needs (6 bytes a pixel) and 16 MiB of row buffers.
         */
        Optional<MemorySize> nativeBudget();

        /** How long an upload waits for its trial decode's memory before it is answered 503. */
        @WithDefault("2s")
        Duration uploadWait();

        /** The Retry-After of that 503. */
        @WithDefault("10s")
        Duration retryAfter();
    }

    interface Variant {
        int width();

        int height();

        /** {@code cover}: fill the box with a centred crop; {@code contain}: fit inside it. */
        @WithDefault("contain")
        VariantSpec.Fit fit();
    }

    interface Local {
        @WithDefault("data/images")
        Path directory();
    }

    interface S3 {
        /** An S3-compatible endpoint such as MinIO or s3proxy; absent means AWS itself. */
        Optional<URI> endpoint();

        @WithDefault("us-east-1")
        String region();

        @WithDefault("processflow-images")
        String bucket();

        /** Bucket in the path rather than the host name, as most S3-compatible servers need. */
        @WithDefault("false")
        boolean pathStyle();

        /** Static credentials (set them through the environment); absent means the SDK's default chain. */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        /** Establishing a connection to the store. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** Waiting for the next bytes of an answer. */
        @WithDefault("30s")
        Duration readTimeout();

        /** One whole call, retries by the SDK included: a store that answers but crawls fails the call too. */
        @WithDefault("2m")
        Duration callTimeout();
    }
}
