package io.prdtool.opensearchnode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * A real single-node OpenSearch server for tests, started in this JVM from the OpenSearch jars on the classpath: the
 * server of the 2.19 distribution with its {@code transport-netty4} module (HTTP and transport) and the
 * {@code analysis-common} module (english/snowball analysis) loaded as classpath plugins rather than from a
 * {@code modules/} directory. It binds to 127.0.0.1 only, keeps its data in the given home directory and runs until
 * the process is stopped (SIGTERM closes the node).
 * <p>
 * Usage: {@code java -cp node-lib/* io.prdtool.opensearchnode.OpenSearchNode <home> <httpPort> <transportPort>}.
 */
public final class OpenSearchNode extends Node {

    private static final Collection<Class<? extends Plugin>> PLUGINS = List.of(Netty4Plugin.class,
            CommonAnalysisPlugin.class);

    private OpenSearchNode(Environment environment) {
        super(environment, PLUGINS, true);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: OpenSearchNode <home> <httpPort> <transportPort>");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(home.resolve("config"));
        Files.createDirectories(home.resolve("plugins"));
        Files.createDirectories(home.resolve("modules"));
        Settings settings = Settings.builder()
                .put("path.home", home.toString())
                .put("path.data", home.resolve("data").toString())
                .put("path.logs", home.resolve("logs").toString())
                .put("cluster.name", "prdtool-test")
                .put("node.name", "prdtool-test-node")
                .put("network.host", "127.0.0.1")
                .put("http.port", args[1])
                .put("transport.port", args[2])
                .put("discovery.type", "single-node")
                // a test machine's disk may be fuller than the production watermarks allow
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .put("node.processors", 1)
                .put("thread_pool.write.queue_size", 1000)
                .build();
        LogConfigurator.configureWithoutConfig(settings);
        Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(),
                home.resolve("config"), () -> "prdtool-test-node");
        OpenSearchNode node = new OpenSearchNode(environment);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "opensearch-node-shutdown"));
        node.start();
        System.out.println("OpenSearch node started: http://127.0.0.1:" + args[1]);
        stopped.await();
    }
}
