package dev.processflow.bench.images;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Structural similarity (Wang, Bovik, Sheikh, Simoncelli 2004) of two images' luma (BT.601), with the paper's
 * 11x11 Gaussian window (sigma 1.5), K1 = 0.01, K2 = 0.03, L = 255, averaged over every position where the window
 * fits. Also PSNR of the luma. Our own code, because Debian's ImageMagick 6.9.11 has no SSIM metric (it came with 7).
 */
public final class Ssim {

    private static final int RADIUS = 5;
    private static final double SIGMA = 1.5;
    private static final double C1 = Math.pow(0.01 * 255, 2);
    private static final double C2 = Math.pow(0.03 * 255, 2);

    private Ssim() {
    }

    /** SSIM of two images of the same size; 1 means identical. */
    public static double ssim(BufferedImage a, BufferedImage b) {
        requireSameSize(a, b);
        int w = a.getWidth();
        int h = a.getHeight();
        if (w < 2 * RADIUS + 1 || h < 2 * RADIUS + 1) {
            throw new IllegalArgumentException("images smaller than the 11x11 window");
        }
        double[] x = luma(a);
        double[] y = luma(b);
        double[] xx = new double[x.length];
        double[] yy = new double[x.length];
        double[] xy = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        double[] kernel = kernel();
        double[] mx = blur(x, w, h, kernel);
        double[] my = blur(y, w, h, kernel);
        double[] sxx = blur(xx, w, h, kernel);
        double[] syy = blur(yy, w, h, kernel);
        double[] sxy = blur(xy, w, h, kernel);
        int ow = w - 2 * RADIUS;
        int oh = h - 2 * RADIUS;
        double sum = 0;
        for (int i = 0; i < ow * oh; i++) {
            double vx = sxx[i] - mx[i] * mx[i];
            double vy = syy[i] - my[i] * my[i];
            double cov = sxy[i] - mx[i] * my[i];
            sum += ((2 * mx[i] * my[i] + C1) * (2 * cov + C2))
                    / ((mx[i] * mx[i] + my[i] * my[i] + C1) * (vx + vy + C2));
        }
        return sum / (ow * oh);
    }

    /** PSNR of the luma in dB; infinite for identical images. */
    public static double psnr(BufferedImage a, BufferedImage b) {
        requireSameSize(a, b);
        double[] x = luma(a);
        double[] y = luma(b);
        double squared = 0;
        for (int i = 0; i < x.length; i++) {
            squared += (x[i] - y[i]) * (x[i] - y[i]);
        }
        double mse = squared / x.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255 * 255 / mse);
    }

    /** {@code image} resampled (bicubic) to the given size, for outputs whose sizes differ by a rounding pixel. */
    public static BufferedImage resized(BufferedImage image, int width, int height) {
        if (image.getWidth() == width && image.getHeight() == height) {
            return image;
        }
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return scaled;
    }

    private static void requireSameSize(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            throw new IllegalArgumentException("sizes differ: " + a.getWidth() + "x" + a.getHeight() + " vs "
                    + b.getWidth() + "x" + b.getHeight());
        }
    }

    private static double[] luma(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        double[] luma = new double[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            luma[i] = 0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff);
        }
        return luma;
    }

    private static double[] kernel() {
        double[] k = new double[2 * RADIUS + 1];
        double sum = 0;
        for (int i = -RADIUS; i <= RADIUS; i++) {
            k[i + RADIUS] = Math.exp(-(i * i) / (2 * SIGMA * SIGMA));
            sum += k[i + RADIUS];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /** Separable Gaussian over the positions where the whole window fits ("valid"): (w-10) x (h-10) values. */
    private static double[] blur(double[] values, int w, int h, double[] k) {
        int ow = w - 2 * RADIUS;
        int oh = h - 2 * RADIUS;
        double[] horizontal = new double[ow * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < ow; x++) {
                double s = 0;
                for (int i = 0; i < k.length; i++) {
                    s += k[i] * values[y * w + x + i];
                }
                horizontal[y * ow + x] = s;
            }
        }
        double[] out = new double[ow * oh];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                double s = 0;
                for (int i = 0; i < k.length; i++) {
                    s += k[i] * horizontal[(y + i) * ow + x];
                }
                out[y * ow + x] = s;
            }
        }
        return out;
    }
}
