package dev.processflow.image.imaging;

import dev.processflow.image.imaging.ImageRejectedException.Reason;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decides whether uploaded bytes are an image the service takes, cheaply and in a safe order: the format from the
 * magic bytes, then the declared size from the header (so a pixel flood is refused before anything is allocated for
 * it), and what decoding it will cost; then, once that memory is admitted, a heavily subsampled trial decode that
 * only ever allocates a thumbnail but still runs through all the data, so corrupt files are refused at upload rather
 * than failing later. Decoders only warn about a truncated JPEG (and paint the rest grey), so JPEGs are also checked
 * to be structurally whole.
 */
@ApplicationScoped
public class ImageInspector {

    private final ImageCodecs codecs;

    public ImageInspector(ImageCodecs codecs) {
        this.codecs = codecs;
    }

    /** Reads the header only: format, size, orientation and what decoding will cost; nothing is decoded. */
    public DecodeProfile header(Path file, long maxPixels) throws ImageRejectedException, IOException {
        ImageFormat format = sniff(file);
        DecodeProfile profile;
        try (ImageInputStream in = codecs.open(file)) {
            ImageReader reader = codecs.reader(format);
            try {
                profile = ImageRejectedException.decoding(format, () -> DecodeProfile.read(format, in, reader));
            } finally {
                reader.dispose();
            }
        }
        ImageInfo info = profile.info();
        if (info.storedWidth() < 1 || info.storedHeight() < 1) {
            throw new ImageRejectedException(Reason.CORRUPT, "the image declares no pixels");
        }
        if (info.pixels() > maxPixels) {
            throw new ImageRejectedException(Reason.TOO_MANY_PIXELS, "the image declares " + info.storedWidth()
                    + " x " + info.storedHeight() + " pixels, more than the limit of " + maxPixels);
        }
        return profile;
    }

    /** The trial decode, once {@code admission} has reserved its memory, and for a JPEG the structural check. */
    public void verify(Path file, DecodeProfile profile, DecodeAdmission admission)
            throws ImageRejectedException, DecodeBusyException, IOException {
        ImageFormat format = profile.info().format();
        try (DecodeAdmission.Admitted admitted = admission.admit(profile.trialCost());
                ImageInputStream in = codecs.open(file)) {
            ImageReader reader = codecs.reader(format);
            try {
                ImageRejectedException.decoding(format, () -> {
                    reader.setInput(in, true, true);
                    ImageReadParam param = reader.getDefaultReadParam();
                    profile.configureTrial(param);
                    return reader.read(0, param);
                });
            } finally {
                reader.dispose();
            }
        }
        if (format == ImageFormat.JPEG && !JpegStructure.isComplete(file)) {
            throw new ImageRejectedException(Reason.CORRUPT, "the jpeg data is truncated or damaged");
        }
    }

    public static ImageFormat sniff(Path file) throws ImageRejectedException, IOException {
        byte[] head = new byte[ImageFormat.SNIFF_LENGTH];
        int length;
        try (InputStream in = Files.newInputStream(file)) {
            length = in.readNBytes(head, 0, head.length);
        }
        return ImageFormat.sniff(head, length).orElseThrow(() -> new ImageRejectedException(
                Reason.UNSUPPORTED_FORMAT, "the data is not a JPEG, PNG, GIF, WebP or BMP image"));
    }
}
