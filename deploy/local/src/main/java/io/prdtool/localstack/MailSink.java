package io.prdtool.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local stack's SMTP sink: accepts every message on loopback and writes it, as received, to
 * {@code <data dir>/mail/<time>-<n>-<recipient>.eml} (open it with any mail client, or read it as text). It never
 * relays anything. Enough SMTP for a mail client library: HELO/EHLO, MAIL, RCPT, DATA (dot-unstuffed), RSET, NOOP,
 * QUIT; no TLS, no AUTH.
 */
final class MailSink implements AutoCloseable {

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final ServerSocket server;
    private final Path directory;
    private final AtomicInteger count = new AtomicInteger();
    private volatile boolean closed;

    private MailSink(ServerSocket server, Path directory) {
        this.server = server;
        this.directory = directory;
    }

    static MailSink start(Path directory, int port) throws IOException {
        Files.createDirectories(directory);
        ServerSocket server = new ServerSocket(port, 16, InetAddress.getLoopbackAddress());
        MailSink sink = new MailSink(server, directory);
        Thread accept = new Thread(sink::acceptLoop, "mail-sink");
        accept.setDaemon(true);
        accept.start();
        return sink;
    }

    int port() {
        return server.getLocalPort();
    }

    Path directory() {
        return directory;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                Thread t = new Thread(() -> session(socket), "mail-sink-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    LocalStack.say("mail sink: " + e.getMessage());
                }
            }
        }
    }

    private void session(Socket socket) {
        try (socket;
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                OutputStream out = socket.getOutputStream()) {
            reply(out, "220 localhost prdtool local mail sink");
            List<String> recipients = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (cmd) {
                    case "EHLO" -> reply(out, "250-localhost\r\n250-8BITMIME\r\n250 SIZE 10485760");
                    case "HELO" -> reply(out, "250 localhost");
                    case "MAIL" -> {
                        recipients.clear();
                        reply(out, "250 OK");
                    }
                    case "RCPT" -> {
                        recipients.add(line.replaceAll("(?i)^RCPT TO:\\s*<?([^>]*)>?.*$", "$1"));
                        reply(out, "250 OK");
                    }
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        StringBuilder message = new StringBuilder();
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            message.append(line.startsWith("..") ? line.substring(1) : line).append("\r\n");
                        }
                        store(recipients, message.toString());
                        reply(out, "250 OK: queued");
                    }
                    case "RSET" -> {
                        recipients.clear();
                        reply(out, "250 OK");
                    }
                    case "NOOP" -> reply(out, "250 OK");
                    case "QUIT" -> {
                        reply(out, "221 Bye");
                        return;
                    }
                    default -> reply(out, "502 Command not implemented");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private void store(List<String> recipients, String message) throws IOException {
        String to = recipients.isEmpty() ? "unknown" : recipients.get(0).replaceAll("[^A-Za-z0-9@._-]", "_");
        Path file = directory.resolve(LocalDateTime.now().format(FILE_TIME) + "-" + count.incrementAndGet() + "-"
                + to + ".eml");
        Files.writeString(file, message, StandardCharsets.UTF_8);
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
