package dev.processflow.image.imaging;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import com.twelvemonkeys.imageio.stream.BufferedFileImageInputStreamSpi;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;

/**
 * Hands out ImageIO readers and writers. The TwelveMonkeys JPEG reader (CMYK/YCCK, ICC profiles, the usual broken
 * camera files) and WebP reader are registered explicitly rather than discovered through META-INF/services, so the
 * same readers are used on the JVM, in tests and in a native image, whatever class loader scanned the class path.
 */
@ApplicationScoped
public class ImageCodecs {

    private final IIORegistry registry;
    private final BufferedFileImageInputStreamSpi fileStreams = new BufferedFileImageInputStreamSpi();

    public ImageCodecs() {
        registry = IIORegistry.getDefaultInstance();
        registry.registerServiceProvider(new JPEGImageReaderSpi());
        registry.registerServiceProvider(new WebPImageReaderSpi());
    }

    /** A buffered, seekable stream over a file: readers walk headers byte by byte, which unbuffered would be slow. */
    public ImageInputStream open(Path file) throws IOException {
        return fileStreams.createInputStreamInstance(file.toFile(), false, null);
    }

    public ImageReader reader(ImageFormat format) {
        try {
            return switch (format) {
                case JPEG -> provider(JPEGImageReaderSpi.class).createReaderInstance();
                case WEBP -> provider(WebPImageReaderSpi.class).createReaderInstance();
                default -> first(ImageIO.getImageReadersByFormatName(format.id()), format.id());
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ImageWriter writer(ImageFormat format) {
        return first(ImageIO.getImageWritersByFormatName(format.id()), format.id());
    }

    private <T extends ImageReaderSpi> T provider(Class<T> type) {
        T provider = registry.getServiceProviderByClass(type);
        if (provider == null) {
            throw new IllegalStateException(type.getName() + " is not registered");
        }
        return provider;
    }

    private static <T> T first(Iterator<T> candidates, String format) {
        if (!candidates.hasNext()) {
            throw new IllegalStateException("no ImageIO plugin for " + format);
        }
        return candidates.next();
    }
}
