package dev.processflow.image.resize;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.MalformedEventException;
import dev.processflow.events.Sources;
import dev.processflow.events.image.ImageFailed;
import dev.processflow.events.image.ImageResized;
import dev.processflow.events.image.ImageUploaded;
import dev.processflow.events.image.Variant;
import dev.processflow.image.Image;
import dev.processflow.image.ImageStatus;
import dev.processflow.image.ImageVariant;
import dev.processflow.image.Variants;
import dev.processflow.image.budget.DecodeBudget;
import dev.processflow.image.imaging.DecodeBusyException;
import dev.processflow.image.imaging.ImageRejectedException;
import dev.processflow.image.imaging.RenderedVariant;
import dev.processflow.image.imaging.VariantRenderer;
import dev.processflow.image.storage.ImageStorage;
import dev.processflow.image.storage.StorageKey;
import dev.processflow.image.storage.StoredObject;
import dev.processflow.platform.eventing.Outbox;
import dev.processflow.platform.eventing.ProcessedEvents;
import dev.processflow.platform.persistence.BoundedText;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The resize function: on {@code image.uploaded}, makes the configured variants, stores them and then, in one
 * transaction, records them, marks the image READY and emits {@code image.resized}; an image that cannot be decoded
 * becomes FAILED with a reason and {@code image.failed}. Storage trouble is thrown, so the delivery retries it.
 *
 * <p>Resizing takes seconds, too long to hold a transaction open, so the work sits between two short ones: the first
 * drops redeliveries and images already done; the last records the event id (the dedupe log) together with the
 * result, under the image's row lock. Two racing deliveries may both resize, but they write the same bytes to the same
 * keys and only one can move the image out of PROCESSING; a variant is in storage before any row points at it, so a
 * READY image is always complete.
 */
@ApplicationScoped
public class ImageResizer {

    private static final Logger LOG = Logger.getLogger(ImageResizer.class);

    private final ProcessedEvents processedEvents;
    private final Outbox outbox;
    private final ImageStorage storage;
    private final VariantRenderer renderer;
    private final Variants variants;
    private final ResizeSlots slots;
    private final DecodeBudget budget;
    private final MeterRegistry registry;

    public ImageResizer(ProcessedEvents processedEvents, Outbox outbox, ImageStorage storage,
            VariantRenderer renderer, Variants variants, ResizeSlots slots, DecodeBudget budget,
            MeterRegistry registry) {
        this.processedEvents = processedEvents;
        this.outbox = outbox;
        this.storage = storage;
        this.renderer = renderer;
        this.variants = variants;
        this.slots = slots;
        this.budget = budget;
        this.registry = registry;
    }

    public void apply(CloudEvent<?> event) {
        if (event.type() == EventType.IMAGE_RESIZED || event.type() == EventType.IMAGE_FAILED) {
            return;
        }
        if (!(event.data() instanceof ImageUploaded uploaded)) {
            throw new MalformedEventException(event.type().typeName() + " does not belong on the images topic");
        }
        UUID imageId = uploaded.imageId();
        if (!event.subject().equals(imageId.toString())) {
            throw new MalformedEventException("subject " + event.subject() + " is not the image id " + imageId);
        }
        if (!QuarkusTransaction.requiringNew().call(() -> needsResizing(event, imageId))) {
            return;
        }
        Result result = resize(imageId);
        QuarkusTransaction.requiringNew().run(() -> record(event, imageId, result));
    }

    /** False for a redelivered event and for an image already READY or FAILED (recording the event as handled). */
    private boolean needsResizing(CloudEvent<?> event, UUID imageId) {
        if (processedEvents.seen(event)) {
            return false;
        }
        Image image = Image.findById(imageId);
        if (image == null) {
            throw new MalformedEventException("image.uploaded for unknown image " + imageId);
        }
        if (image.status != ImageStatus.PROCESSING) {
            processedEvents.firstDelivery(event);
            return false;
        }
        return true;
    }

    private Result resize(UUID imageId) {
        slots.acquire();
        Timer.Sample timing = Timer.start(registry);
        Path original = null;
        try {
            original = Files.createTempFile("image-" + imageId + "-", ".original");
            try (StoredObject stored = storage.get(StorageKey.original(imageId)).orElse(null)) {
                if (stored == null) {
                    return Result.failed("the original is missing from storage");
                }
                Files.copy(stored.content(), original, StandardCopyOption.REPLACE_EXISTING);
            }
            List<RenderedVariant> rendered = renderer.render(original, variants.specs(), budget.forResizes());
            List<Stored> stored = new ArrayList<>(rendered.size());
            for (RenderedVariant variant : rendered) {
                storage.put(StorageKey.variant(imageId, variant.name()), variant.bytes(), variant.format().mediaType());
                stored.add(new Stored(variant, sha256(variant.bytes())));
            }
            return Result.resized(stored);
        } catch (ImageRejectedException e) {
            LOG.infof("image %s cannot be resized: %s", imageId, e.getMessage());
            return Result.failed(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("resizing image " + imageId + " failed", e);
        } catch (DecodeBusyException e) {
            throw new IllegalStateException("resizing image " + imageId + " found no memory: " + e.getMessage(), e);
        } finally {
            timing.stop(registry.timer("processflow.image.resize"));
            slots.release();
            deleteQuietly(original);
        }
    }

    private void record(CloudEvent<?> event, UUID imageId, Result result) {
        if (!processedEvents.firstDelivery(event)) {
            return;
        }
        Image image = Image.findById(imageId, LockModeType.PESSIMISTIC_WRITE);
        if (image.status != ImageStatus.PROCESSING) {
            return;
        }
        image.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (result.failure() != null) {
            image.status = ImageStatus.FAILED;
            image.failureReason = BoundedText.fit(result.failure(), Image.MAX_FAILURE_REASON);
            outbox.emit(CloudEvent.create(Sources.IMAGE_SERVICE, EventType.IMAGE_FAILED, imageId.toString(),
                    new ImageFailed(imageId, result.failure())));
            registry.counter("processflow.image.resized", "outcome", "failed").increment();
            return;
        }
        List<Variant> announced = new ArrayList<>();
        int position = 0;
        for (Stored stored : result.variants()) {
            RenderedVariant rendered = stored.variant();
            ImageVariant variant = new ImageVariant();
            variant.image = image;
            variant.position = position++;
            variant.name = rendered.name();
            variant.width = rendered.width();
            variant.height = rendered.height();
            variant.format = rendered.format().id();
            variant.bytes = rendered.bytes().length;
            variant.sha256 = stored.sha256();
            image.variants.add(variant);
            announced.add(new Variant(variant.name, variant.width, variant.height, variant.format, variant.bytes));
        }
        image.status = ImageStatus.READY;
        outbox.emit(CloudEvent.create(Sources.IMAGE_SERVICE, EventType.IMAGE_RESIZED, imageId.toString(),
                new ImageResized(imageId, announced)));
        registry.counter("processflow.image.resized", "outcome", "ready").increment();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("could not delete the temporary file %s: %s", file, e.getMessage());
        }
    }

    private record Stored(RenderedVariant variant, String sha256) {
    }

    /** Either the stored variants or why there are none. */
    private record Result(List<Stored> variants, String failure) {

        static Result resized(List<Stored> variants) {
            return new Result(variants, null);
        }

        static Result failed(String reason) {
            return new Result(List.of(), reason);
        }
    }
}
