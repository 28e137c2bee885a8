package dev.processflow.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a Kubernetes Service is to a service's pods, for the local stack's replicas: a TCP port that hands each new
 * connection to the next instance in turn, skipping an instance that refuses it (killed, or still starting). A
 * connection stays with its instance until either side closes it, so an HTTP client's kept-alive connection to an
 * instance that dies fails the way it would in a cluster, and its next connection goes to a live one.
 */
final class Balancer implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 500;
    private static final int BUFFER_BYTES = 16 * 1024;

    private final List<Integer> instancePorts;
    private final ServerSocket server;
    private final AtomicInteger next = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads;

    private Balancer(String name, ServerSocket server, List<Integer> instancePorts) {
        this.server = server;
        this.instancePorts = List.copyOf(instancePorts);
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "balancer-" + name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Listens on {@code port} (127.0.0.1) in front of the instances on {@code instancePorts}. */
    static Balancer start(String name, int port, List<Integer> instancePorts) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress("127.0.0.1", port));
            Balancer balancer = new Balancer(name, server, instancePorts);
            balancer.threads.execute(balancer::accept);
            return balancer;
        } catch (IOException e) {
            throw new StackException("the balancer of " + name + " could not listen on port " + port + ": "
                    + e.getMessage(), e);
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            threads.execute(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        Optional<Socket> instance = nextLiveInstance();
        if (instance.isEmpty()) {
            closeQuietly(client);
            return;
        }
        Socket upstream = instance.get();
        open.add(client);
        open.add(upstream);
        threads.execute(() -> pump(upstream, client));
        pump(client, upstream);
    }

    /** The next instance in turn that accepts a connection; each is tried at most once per client connection. */
    private Optional<Socket> nextLiveInstance() {
        int first = Math.floorMod(next.getAndIncrement(), instancePorts.size());
        for (int i = 0; i < instancePorts.size(); i++) {
            int port = instancePorts.get((first + i) % instancePorts.size());
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MILLIS);
                return Optional.of(socket);
            } catch (IOException e) {
                closeQuietly(socket);
            }
        }
        return Optional.empty();
    }

    /** Copies bytes one way until either side ends, then closes both, which ends the other direction too. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER_BYTES];
        try {
            from.setTcpNoDelay(true);
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: a reset, or the other direction closed both sockets
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // closing a socket that already failed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // the listening socket is gone either way
        }
        open.forEach(this::closeQuietly);
        threads.shutdownNow();
    }
}
