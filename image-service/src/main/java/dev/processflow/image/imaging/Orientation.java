package dev.processflow.image.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * The EXIF orientation (tag 0x0112): how the stored pixels must be turned to be seen upright. Values 5 to 8 swap
 * width and height.
 */
public enum Orientation {
    NORMAL(1), MIRROR_HORIZONTAL(2), ROTATE_180(3), MIRROR_VERTICAL(4),
    TRANSPOSE(5), ROTATE_90_CW(6), TRANSVERSE(7), ROTATE_270_CW(8);

    private final int exifValue;

    Orientation(int exifValue) {
        this.exifValue = exifValue;
    }

    public int exifValue() {
        return exifValue;
    }

    /** The orientation for an EXIF value; anything outside 1 to 8 is treated as upright, as viewers do. */
    public static Orientation ofExif(int value) {
        return value >= 1 && value <= 8 ? values()[value - 1] : NORMAL;
    }

    public boolean transposes() {
        return exifValue >= 5;
    }

    /**
     * Turns a packed-int image (TYPE_INT_RGB or TYPE_INT_ARGB) upright. Applied to the small variants rather than the
     * decoded source, which keeps the extra copy tiny.
     */
    public BufferedImage apply(BufferedImage stored) {
        if (this == NORMAL) {
            return stored;
        }
        int w = stored.getWidth();
        int h = stored.getHeight();
        int outW = transposes() ? h : w;
        int outH = transposes() ? w : h;
        BufferedImage upright = new BufferedImage(outW, outH, stored.getType());
        int[] src = ((DataBufferInt) stored.getRaster().getDataBuffer()).getData();
        int[] dst = ((DataBufferInt) upright.getRaster().getDataBuffer()).getData();
        for (int dy = 0; dy < outH; dy++) {
            for (int dx = 0; dx < outW; dx++) {
                int sx;
                int sy;
                switch (this) {
                    case MIRROR_HORIZONTAL -> { sx = w - 1 - dx; sy = dy; }
                    case ROTATE_180 -> { sx = w - 1 - dx; sy = h - 1 - dy; }
                    case MIRROR_VERTICAL -> { sx = dx; sy = h - 1 - dy; }
                    case TRANSPOSE -> { sx = dy; sy = dx; }
                    case ROTATE_90_CW -> { sx = dy; sy = h - 1 - dx; }
                    case TRANSVERSE -> { sx = w - 1 - dy; sy = h - 1 - dx; }
                    case ROTATE_270_CW -> { sx = w - 1 - dy; sy = dx; }
                    default -> { sx = dx; sy = dy; }
                }
                dst[dy * outW + dx] = src[sy * w + sx];
            }
        }
        return upright;
    }
}
