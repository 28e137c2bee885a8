package dev.processflow.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A self-contained HTML page (inline CSS and SVG, nothing fetched), built section by section. */
public final class Html {

    private final StringBuilder body = new StringBuilder();
    private final String title;

    public Html(String title) {
        this.title = title;
        body.append("<h1>").append(escape(title)).append("</h1>\n");
    }

    public Html heading(String text) {
        body.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    public Html paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    public Html preformatted(String text) {
        body.append("<pre>").append(escape(text)).append("</pre>\n");
        return this;
    }

    public Html table(Table table) {
        body.append(table.html());
        return this;
    }

    public Html chart(LineChart chart) {
        body.append(chart.svg()).append('\n');
        return this;
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%s</title>
                <style>
                body { font-family: sans-serif; margin: 2em; color: #222; }
                table { border-collapse: collapse; margin: 1em 0; }
                th, td { border: 1px solid #bbb; padding: 3px 8px; text-align: right; }
                th { background: #eee; }
                pre { background: #f6f6f6; padding: 1em; }
                svg { border: 1px solid #ddd; margin: 1em 0; }
                </style></head><body>
                %s</body></html>
                """.formatted(escape(title), body), StandardCharsets.UTF_8);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
