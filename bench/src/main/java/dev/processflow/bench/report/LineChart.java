package dev.processflow.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** An SVG line chart: a few series over a shared x axis, optional log-scaled y, vertical labelled markers. */
public final class LineChart {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 380;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};

    private record Series(String name, double[] x, double[] y) {
    }

    private record Marker(double x, String label) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logY;
    private final List<Series> series = new ArrayList<>();
    private final List<Marker> markers = new ArrayList<>();

    public LineChart(String title, String xLabel, String yLabel, boolean logY) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logY = logY;
    }

    public LineChart series(String name, double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length");
        }
        series.add(new Series(name, x, y));
        return this;
    }

    public LineChart marker(double x, String label) {
        markers.add(new Marker(x, label));
        return this;
    }

    public String svg() {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (Series s : series) {
            for (int i = 0; i < s.x.length; i++) {
                if (!usable(s.y[i])) {
                    continue;
                }
                minX = Math.min(minX, s.x[i]);
                maxX = Math.max(maxX, s.x[i]);
                minY = Math.min(minY, s.y[i]);
                maxY = Math.max(maxY, s.y[i]);
            }
        }
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        text(svg, WIDTH / 2.0, 22, title, "middle", 15);
        if (minX == Double.MAX_VALUE) {
            text(svg, WIDTH / 2.0, HEIGHT / 2.0, "no data", "middle", 13);
            return svg.append("</svg>").toString();
        }
        if (maxX == minX) {
            maxX = minX + 1;
        }
        if (logY) {
            minY = Math.pow(10, Math.floor(Math.log10(minY)));
            maxY = Math.pow(10, Math.ceil(Math.log10(maxY)));
            if (maxY <= minY) {
                maxY = minY * 10;
            }
        } else {
            minY = Math.min(0, minY);
            maxY = maxY <= minY ? minY + 1 : niceCeiling(maxY);
        }
        Scale scale = new Scale(minX, maxX, minY, maxY, logY);
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>",
                LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM));
        for (double tick : yTicks(minY, maxY)) {
            double y = scale.y(tick);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>",
                    LEFT, WIDTH - RIGHT, y, y));
            text(svg, LEFT - 6, y + 4, format(tick), "end", 11);
        }
        for (double tick : linearTicks(minX, maxX)) {
            double x = scale.x(tick);
            text(svg, x, HEIGHT - BOTTOM + 16, format(tick), "middle", 11);
        }
        text(svg, (LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 12, xLabel, "middle", 12);
        svg.append(String.format(Locale.ROOT,
                "<text x=\"16\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">%s</text>",
                (TOP + HEIGHT - BOTTOM) / 2.0, (TOP + HEIGHT - BOTTOM) / 2.0, Html.escape(yLabel)));
        for (Marker marker : markers) {
            double x = scale.x(marker.x);
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#aaa\" stroke-dasharray=\"4 3\"/>",
                    x, x, TOP, HEIGHT - BOTTOM));
            text(svg, x + 3, TOP + 12, marker.label, "start", 10);
        }
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            String colour = COLOURS[k % COLOURS.length];
            StringBuilder path = new StringBuilder();
            boolean pen = false;
            for (int i = 0; i < s.x.length; i++) {
                if (!usable(s.y[i])) {
                    pen = false;
                    continue;
                }
                path.append(pen ? " L" : " M").append(String.format(Locale.ROOT, "%.1f %.1f", scale.x(s.x[i]), scale.y(s.y[i])));
                pen = true;
            }
            svg.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"1.5\"/>");
            double legendX = LEFT + 10 + k * 160;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>",
                    legendX, legendX + 18, TOP - 8, TOP - 8, colour));
            text(svg, legendX + 22, TOP - 4, s.name, "start", 11);
        }
        return svg.append("</svg>").toString();
    }

    private boolean usable(double y) {
        return !Double.isNaN(y) && !Double.isInfinite(y) && (!logY || y > 0);
    }

    private record Scale(double minX, double maxX, double minY, double maxY, boolean logY) {
        double x(double value) {
            return LEFT + (value - minX) / (maxX - minX) * (WIDTH - LEFT - RIGHT);
        }

        double y(double value) {
            double fraction = logY
                    ? (Math.log10(value) - Math.log10(minY)) / (Math.log10(maxY) - Math.log10(minY))
                    : (value - minY) / (maxY - minY);
            return HEIGHT - BOTTOM - fraction * (HEIGHT - TOP - BOTTOM);
        }
    }

    private List<Double> yTicks(double min, double max) {
        if (!logY) {
            return linearTicks(min, max);
        }
        List<Double> ticks = new ArrayList<>();
        for (double t = min; t <= max * 1.0001; t *= 10) {
            ticks.add(t);
        }
        return ticks;
    }

    private static List<Double> linearTicks(double min, double max) {
        double step = niceStep((max - min) / 8);
        List<Double> ticks = new ArrayList<>();
        for (double t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
            ticks.add(t);
        }
        return ticks;
    }

    private static double niceStep(double rough) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double fraction = rough / magnitude;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    private static double niceCeiling(double value) {
        double step = niceStep(value / 8);
        return Math.ceil(value / step) * step;
    }

    private static String format(double value) {
        if (Math.abs(value - Math.rint(value)) < 1e-9) {
            return String.format(Locale.ROOT, "%d", (long) Math.rint(value));
        }
        return String.format(Locale.ROOT, "%.3g", value);
    }

    private static void text(StringBuilder svg, double x, double y, String text, String anchor, int size) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\">%s</text>",
                x, y, size, anchor, Html.escape(text)));
    }
}
