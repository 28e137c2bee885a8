package dev.processflow.image.upload;

import dev.processflow.events.CloudEvent;
import dev.processflow.events.EventType;
import dev.processflow.events.Sources;
import dev.processflow.events.image.ImageUploaded;
import dev.processflow.image.Image;
import dev.processflow.image.ImageConfig;
import dev.processflow.image.ImageStatus;
import dev.processflow.image.Variants;
import dev.processflow.image.budget.DecodeBudget;
import dev.processflow.image.imaging.DecodeBusyException;
import dev.processflow.image.imaging.DecodeProfile;
import dev.processflow.image.imaging.ImageInfo;
import dev.processflow.image.imaging.ImageInspector;
import dev.processflow.image.imaging.ImageRejectedException;
import dev.processflow.image.imaging.ImageRejectedException.Reason;
import dev.processflow.image.imaging.VariantRenderer;
import dev.processflow.image.storage.ImageStorage;
import dev.processflow.image.storage.StorageKey;
import dev.processflow.platform.eventing.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Accepts an uploaded file as a new image. Every check runs before anything is kept, cheapest first: size, format
 * from the magic bytes, declared pixels from the header, whether its resize could ever fit the decode budget, a trial
 * decode once the budget admits it (or 503 if it stays busy). Then the original goes to storage, and only
 * once it is there the image row and its {@code image.uploaded} event are committed together, so the resize function
 * never hears of an image whose original is missing.
 */
@ApplicationScoped
public class ImageUpload {

    private static final Logger LOG = Logger.getLogger(ImageUpload.class);

    private final ImageInspector inspector;
    private final DecodeBudget budget;
    private final VariantRenderer renderer;
    private final Variants variants;
    private final ImageStorage storage;
    private final Outbox outbox;
    private final long maxBytes;
    private final long maxPixels;

    public ImageUpload(ImageInspector inspector, DecodeBudget budget, VariantRenderer renderer, Variants variants,
            ImageStorage storage, Outbox outbox, ImageConfig config) {
        this.inspector = inspector;
        this.budget = budget;
        this.renderer = renderer;
        this.variants = variants;
        this.storage = storage;
        this.outbox = outbox;
        this.maxBytes = config.maxUploadSize().asLongValue();
        this.maxPixels = config.maxPixels();
    }

    /** Takes the file as a new image and returns its id. */
    public UUID accept(Path file) throws ImageRejectedException, DecodeBusyException, IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new ImageRejectedException(Reason.TOO_LARGE, "the upload has " + size
                    + " bytes, more than the limit of " + maxBytes);
        }
        if (size == 0) {
            throw new ImageRejectedException(Reason.UNSUPPORTED_FORMAT, "the upload is empty");
        }
        DecodeProfile profile = inspector.header(file, maxPixels);
        budget.requireFits(renderer.cost(profile, variants.specs()));
        inspector.verify(file, profile, budget.forUploads());
        ImageInfo info = profile.info();
        String sha256 = sha256(file);
        UUID id = UUID.randomUUID();
        StorageKey key = StorageKey.original(id);
        storage.put(key, file, info.format().mediaType());
        try {
            QuarkusTransaction.requiringNew().run(() -> record(id, info, size, sha256));
        } catch (RuntimeException e) {
            forget(key);
            throw e;
        }
        return id;
    }

    private void record(UUID id, ImageInfo info, long size, String sha256) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Image image = new Image();
        image.id = id;
        image.status = ImageStatus.PROCESSING;
        image.format = info.format().id();
        image.width = info.width();
        image.height = info.height();
        image.bytes = size;
        image.sha256 = sha256;
        image.createdAt = now;
        image.updatedAt = now;
        image.persist();
        outbox.emit(CloudEvent.create(Sources.IMAGE_SERVICE, EventType.IMAGE_UPLOADED, id.toString(),
                new ImageUploaded(id, info.format().id(), info.width(), info.height(), size, sha256)));
    }

    /** The row did not commit, so nobody can ever ask for this original: remove it rather than leave it orphaned. */
    private void forget(StorageKey key) {
        try {
            storage.delete(key);
        } catch (IOException e) {
            LOG.warnf("could not remove the orphaned original %s: %s", key, e.getMessage());
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
