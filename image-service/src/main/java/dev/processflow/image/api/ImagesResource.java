package dev.processflow.image.api;

import dev.processflow.image.Image;
import dev.processflow.image.ImageStatus;
import dev.processflow.image.ImageVariant;
import dev.processflow.image.Variants;
import dev.processflow.image.imaging.DecodeBusyException;
import dev.processflow.image.imaging.ImageFormat;
import dev.processflow.image.imaging.ImageRejectedException;
import dev.processflow.image.storage.ImageStorage;
import dev.processflow.image.storage.StorageKey;
import dev.processflow.image.storage.StoredObject;
import dev.processflow.image.upload.ImageUpload;
import dev.processflow.platform.problem.Problem;
import dev.processflow.platform.problem.ProblemException;
import dev.processflow.platform.security.Roles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * REST adapter of the upload and of serving images, originals and variants. Uploading needs a signed-in customer or
 * admin; metadata and bytes are public: ids are unguessable and the bytes never change.
 */
@Path("/images")
public class ImagesResource {

    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final ImageUpload upload;
    private final ImageStorage storage;
    private final Variants variants;

    public ImagesResource(ImageUpload upload, ImageStorage storage, Variants variants) {
        this.upload = upload;
        this.storage = storage;
        this.variants = variants;
    }

    /** The answer to an accepted upload. */
    @RegisterForReflection
    public record Accepted(UUID id, ImageStatus status) {
    }

    @POST
    @RolesAllowed({Roles.CUSTOMER, Roles.ADMIN})
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Upload an image", description = "Multipart field 'file': JPEG, PNG, GIF, WebP or BMP, told"
            + " apart by its bytes. Answers 202 while the variants are made; 413 too large, 415 not such an image,"
            + " 422 too many pixels, too much memory to decode or corrupt; 503 with Retry-After while the memory for"
            + " decoding is taken by other images.")
    public Response upload(@RestForm("file") FileUpload file) {
        if (file == null || file.uploadedFile() == null) {
            throw new ProblemException(Problem.of(400, "Invalid request", "one or more fields are invalid")
                    .withViolations(List.of(new Problem.Violation("file", "a file part named 'file' is required"))));
        }
        UUID id;
        try {
            id = upload.accept(file.uploadedFile());
        } catch (ImageRejectedException e) {
            throw new ProblemException(rejection(e));
        } catch (DecodeBusyException e) {
            return busy(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The contract promises the relative path; JAX-RS would make location() absolute.
        return Response.accepted(new Accepted(id, ImageStatus.PROCESSING)).header(HttpHeaders.LOCATION, "/images/" + id)
                .build();
    }

    @GET
    @PermitAll
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "An image: its status, original and variants")
    public ImageView get(@PathParam("id") String id) {
        return ImageView.of(find(id));
    }

    /** What serving one object needs from the database, read before the store is asked for its bytes. */
    private record Stored(StorageKey key, String mediaType, String sha256) {
    }

    // The row is read in a transaction of its own that ends before the store is called: a slow store must not hold
    // a database connection for as long as it takes.
    @GET
    @PermitAll
    @Path("/{id}/original")
    @Operation(summary = "The original bytes as uploaded", description = "Strong ETag (its SHA-256), cacheable for ever.")
    public Response original(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        Stored original = QuarkusTransaction.requiringNew().call(() -> {
            Image image = find(id);
            return new Stored(StorageKey.original(image.id), ImageFormat.fromId(image.format).mediaType(), image.sha256);
        });
        return serve(original, ifNoneMatch);
    }

    @GET
    @PermitAll
    @Path("/{id}/variants/{name}")
    @Operation(summary = "A variant's bytes", description = "404 until the image is READY. Strong ETag, cacheable for ever.")
    public Response variant(@PathParam("id") String id, @PathParam("name") String name,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        if (!variants.isConfigured(name)) {
            throw new ProblemException(Problem.of(404, "Variant not found", "there is no variant named '"
                    + (name.length() > 40 ? name.substring(0, 40) + "..." : name) + "'"));
        }
        Stored stored = QuarkusTransaction.requiringNew().call(() -> {
            Image image = find(id);
            ImageVariant variant = image.status == ImageStatus.READY ? image.variant(name).orElse(null) : null;
            if (variant == null) {
                throw new ProblemException(Problem.of(404, "Variant not found",
                        "image " + id + " has no " + name + " variant (yet)"));
            }
            return new Stored(StorageKey.variant(image.id, name), ImageFormat.fromId(variant.format).mediaType(),
                    variant.sha256);
        });
        return serve(stored, ifNoneMatch);
    }

    private Response serve(Stored stored, String ifNoneMatch) {
        String etag = "\"" + stored.sha256() + "\"";
        if (EntityTags.matches(ifNoneMatch, stored.sha256())) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, IMMUTABLE)
                    .build();
        }
        StoredObject object;
        try {
            object = storage.get(stored.key())
                    .orElseThrow(() -> new IllegalStateException(stored.key() + " is recorded but not stored"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Response.ok(object.content(), stored.mediaType())
                .header(HttpHeaders.CONTENT_LENGTH, object.length())
                .header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CACHE_CONTROL, IMMUTABLE)
                .build();
    }

    private static Image find(String id) {
        UUID imageId;
        try {
            imageId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.of(404, "Image not found", "image ids are UUIDs"));
        }
        Image image = Image.findById(imageId);
        if (image == null) {
            throw new ProblemException(Problem.of(404, "Image not found", "no image with id " + imageId));
        }
        return image;
    }

    /** Busy is not the image's fault: the same upload is welcome again later. */
    private static Response busy(DecodeBusyException e) {
        long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.RETRY_AFTER, seconds)
                .entity(Problem.of(503, "Too many images being decoded", e.getMessage() + "; try again in " + seconds
                        + " s").at(URI.create("/images")))
                .build();
    }

    private static Problem rejection(ImageRejectedException e) {
        return switch (e.reason()) {
            case TOO_LARGE -> Problem.of(413, "Image too large", e.getMessage());
            case UNSUPPORTED_FORMAT -> Problem.of(415, "Unsupported image format", e.getMessage()
                    + "; the format is recognised from the bytes, whatever the file name or Content-Type say");
            case TOO_MANY_PIXELS -> Problem.of(422, "Image has too many pixels", e.getMessage());
            case TOO_MUCH_MEMORY -> Problem.of(422, "Image needs too much memory to decode", e.getMessage());
            case CORRUPT -> Problem.of(422, "Corrupt image", e.getMessage());
        };
    }
}
