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
 * it), then a heavily subsampled trial decode that only ever allocates a thumbnail but still runs through all the
 * data, so corrupt files are refused at upload rather than failing later. Decoders only warn about a truncated JPEG
 * (and paint the rest grey), so JPEGs are also checked to be structurally whole.
 */
@ApplicationScoped
public class ImageInspector {

    /** The trial decode's longest side; subsampling keeps its memory tiny whatever the image size. */
    private static final int TRIAL_SIZE = 256;

    private final ImageCodecs codecs;

    public ImageInspector(ImageCodecs codecs) {
        this.codecs = codecs;
    }

    public ImageInfo inspect(Path file, long maxPixels) throws ImageRejectedException, IOException {
        ImageFormat format = sniff(file);
        ImageInfo info;
        try (ImageInputStream in = codecs.open(file)) {
            Orientation orientation = ExifOrientation.read(format, in);
            ImageReader reader = codecs.reader(format);
            try {
                reader.setInput(in, true, true);
                info = new ImageInfo(format, reader.getWidth(0), reader.getHeight(0), orientation);
                if (info.storedWidth() < 1 || info.storedHeight() < 1) {
                    throw new ImageRejectedException(Reason.CORRUPT, "the image declares no pixels");
                }
                if (info.pixels() > maxPixels) {
                    throw new ImageRejectedException(Reason.TOO_MANY_PIXELS, "the image declares "
                            + info.storedWidth() + " x " + info.storedHeight() + " pixels, more than the limit of "
                            + maxPixels);
                }
                trialDecode(reader, info);
            } catch (IOException | RuntimeException e) {
                throw new ImageRejectedException(Reason.CORRUPT, "the " + format.id() + " data cannot be decoded", e);
            } finally {
                reader.dispose();
            }
        }
        if (format == ImageFormat.JPEG && !JpegStructure.isComplete(file)) {
            throw new ImageRejectedException(Reason.CORRUPT, "the jpeg data is truncated or damaged");
        }
        return info;
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

    private static void trialDecode(ImageReader reader, ImageInfo info) throws IOException {
        ImageReadParam param = reader.getDefaultReadParam();
        int step = Math.max(1, (Math.max(info.storedWidth(), info.storedHeight()) + TRIAL_SIZE - 1) / TRIAL_SIZE);
        param.setSourceSubsampling(step, step, 0, 0);
        reader.read(0, param);
    }
}
