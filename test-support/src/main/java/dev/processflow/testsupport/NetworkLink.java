package dev.processflow.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP link between a service and a real engine (PostgreSQL, SMTP...) that a test can break the way networks and
 * servers break: {@link #cut} closes every connection and refuses new ones (the server is down), {@link #freeze}
 * keeps connections open but carries no more bytes (the server or the network hangs), {@link #restore} heals it on
 * the same port.
 */
public final class NetworkLink implements AutoCloseable {

    private final int port;
    private final int targetPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "network-link");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile boolean frozen;

    private NetworkLink(int port, int targetPort) {
        this.port = port;
        this.targetPort = targetPort;
    }

    /** A link on {@code listenPort} (0: any free port) to {@code targetPort} on this host, carrying traffic. */
    public static NetworkLink start(int listenPort, int targetPort) {
        ServerSocket socket = listen(listenPort);
        NetworkLink link = new NetworkLink(socket.getLocalPort(), targetPort);
        link.serve(socket);
        return link;
    }

    public int port() {
        return port;
    }

    /** Closes every connection and stops listening: a peer that connects is refused. */
    public synchronized void cut() {
        frozen = false;
        closeQuietly(server);
        open.forEach(NetworkLink::closeQuietly);
        open.clear();
    }

    /** Connections stay open and new ones are accepted, but no byte goes through until {@link #restore}. */
    public synchronized void freeze() {
        frozen = true;
    }

    /** Carries traffic again, listening again if the link was cut. */
    public synchronized void restore() {
        frozen = false;
        notifyAll();
        if (server.isClosed()) {
            serve(listen(port));
        }
    }

    @Override
    public void close() {
        cut();
        threads.shutdownNow();
    }

    private void serve(ServerSocket socket) {
        server = socket;
        threads.submit(() -> accept(socket));
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket upstream = new Socket("127.0.0.1", targetPort);
                open.add(client);
                open.add(upstream);
                threads.submit(() -> pipe(client, upstream));
                threads.submit(() -> pipe(upstream, client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                awaitThaw();
                out.write(buffer, 0, read);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException | InterruptedException connectionGone) {
            closeQuietly(to);
            closeQuietly(from);
        }
    }

    private synchronized void awaitThaw() throws InterruptedException {
        while (frozen) {
            wait(100);
        }
    }

    private static ServerSocket listen(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + port, e);
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (IOException ignored) {
            // closed already
        }
    }
}
