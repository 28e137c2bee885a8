package dev.processflow.platform.tracing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import zipkin2.reporter.BytesMessageSender;
import zipkin2.reporter.Encoding;

/**
 * Posts encoded spans to a Zipkin v2 endpoint with the JDK's HTTP client: the exporter's default sender would bring
 * OkHttp and the Kotlin runtime into every service for one POST. Called from the batch span processor's own thread.
 */
final class ZipkinHttpSender implements BytesMessageSender {

    /** Zipkin's default limit for one POST. */
    private static final int MAX_MESSAGE_BYTES = 5 * 1024 * 1024;

    private final URI endpoint;
    private final Duration timeout;
    private final HttpClient client;

    ZipkinHttpSender(URI endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    @Override
    public Encoding encoding() {
        return Encoding.JSON;
    }

    @Override
    public int messageMaxBytes() {
        return MAX_MESSAGE_BYTES;
    }

    @Override
    public int messageSizeInBytes(List<byte[]> encodedSpans) {
        return Encoding.JSON.listSizeInBytes(encodedSpans);
    }

    @Override
    public int messageSizeInBytes(int encodedSizeInBytes) {
        return Encoding.JSON.listSizeInBytes(encodedSizeInBytes);
    }

    @Override
    public void send(List<byte[]> encodedSpans) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", Encoding.JSON.mediaType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(Encoding.JSON.encode(encodedSpans)))
                .build();
        HttpResponse<Void> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending spans to " + endpoint, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException(endpoint + " answered " + response.statusCode() + " to " + encodedSpans.size() + " spans");
        }
    }

    /** The JDK 17 client holds no resources beyond idle connections, which it closes by itself. */
    @Override
    public void close() {
    }
}
