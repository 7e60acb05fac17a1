import java.nio.file.Path;

import io.prdtool.testinfra.KafkaBroker;

/**
 * Starts the Kafka broker the tests use (test-infra's KafkaBroker: KRaft, its own JVM, no Docker) for the benchmark
 * and keeps it running until this process is stopped. Run by run.sh with `java -cp <test-infra classpath>`.
 * usage: java -cp CP KafkaForBench.java DATA_DIR PORT CONTROLLER_PORT
 */
public class KafkaForBench {

    public static void main(String[] args) throws Exception {
        KafkaBroker broker = KafkaBroker.launch(Path.of(args[0]), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]), "512m");
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-shutdown"));
        System.out.println("kafka ready on " + broker.bootstrapServers());
        Thread.currentThread().join();
    }
}
