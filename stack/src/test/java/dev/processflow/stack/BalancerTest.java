package dev.processflow.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BalancerTest {

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    @Test
    void connectionsTakeTurnsAndCarryBothWays() throws IOException {
        ServerSocket first = namedServer("first");
        ServerSocket second = namedServer("second");
        int port = freePort();
        closing.add(Balancer.start("test", port, List.of(first.getLocalPort(), second.getLocalPort())));

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(ask(port, "ping"));
        }
        assertThat(answers).containsExactlyInAnyOrder("first:ping", "second:ping", "first:ping", "second:ping");
        assertThat(answers.get(0)).isNotEqualTo(answers.get(1));
    }

    @Test
    void anInstanceThatRefusesIsSkipped() throws IOException {
        ServerSocket live = namedServer("live");
        int dead = freePort();
        int port = freePort();
        closing.add(Balancer.start("test", port, List.of(dead, live.getLocalPort())));

        for (int i = 0; i < 3; i++) {
            assertThat(ask(port, "hello")).isEqualTo("live:hello");
        }
    }

    /** A server that answers each connection's one line with its name and the line, then closes it. */
    private ServerSocket namedServer(String name) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closing.add(server);
        Thread thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    String line = readLine(socket.getInputStream());
                    OutputStream out = socket.getOutputStream();
                    out.write((name + ":" + line + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (IOException e) {
                    return;
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
        return server;
    }

    private static String ask(int port, String line) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return readLine(socket.getInputStream());
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        return line.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
