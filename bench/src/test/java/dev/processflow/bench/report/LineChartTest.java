package dev.processflow.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineChartTest {

    @Test
    void drawsEverySeriesMarkerAndLegendAndSkipsGaps() {
        String svg = new LineChart("latency <p99>", "s", "ms", true)
                .series("p50", new double[] {0, 1, 2}, new double[] {10, Double.NaN, 30})
                .series("p99", new double[] {0, 1, 2}, new double[] {100, 200, 300})
                .marker(1, "step-2 @7.5")
                .svg();
        assertThat(svg).startsWith("<svg").endsWith("</svg>");
        assertThat(svg).contains("latency &lt;p99&gt;", ">p50<", ">p99<", "step-2 @7.5");
        assertThat(svg.split("<path ", -1)).hasSize(3);
        assertThat(svg).doesNotContain("NaN");
    }

    @Test
    void anEmptyChartSaysSo() {
        assertThat(new LineChart("t", "x", "y", false).svg()).contains("no data");
    }

    @Test
    void tablesRenderAsMarkdownAndEscapedHtml() {
        Table table = new Table("a", "b").row("1", "<x>");
        assertThat(table.markdown()).contains("| a   | b   |", "| 1   | <x> |");
        assertThat(table.html()).contains("<td>&lt;x&gt;</td>");
    }
}
