package io.prdtool.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The Kafka topics the suite uses, read from the AsyncAPI document in shared-schema (the one place topics are
 * declared), so the local stack creates exactly what the contracts name.
 */
final class Topology {

    private Topology() {
    }

    static List<String> topics() {
        Path doc = Path.of(System.getProperty("prdtool.repo", "."), "shared-schema", "src", "main", "resources",
                "asyncapi.yaml");
        if (!Files.exists(doc)) {
            return List.of();
        }
        try {
            JsonNode channels = new ObjectMapper(new YAMLFactory()).readTree(doc.toFile()).path("channels");
            List<String> topics = new ArrayList<>();
            channels.fields().forEachRemaining(e -> {
                JsonNode address = e.getValue().path("address");
                String topic = address.isTextual() ? address.asText() : e.getKey();
                if (!topic.contains("{")) { // parameterised addresses are created on demand
                    topics.add(topic);
                }
            });
            return topics;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + doc, e);
        }
    }
}
