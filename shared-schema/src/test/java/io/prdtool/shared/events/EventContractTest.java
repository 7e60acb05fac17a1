package io.prdtool.shared.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.assertj.core.api.SoftAssertions;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.IndexReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Every event record of shared-schema (found in its Jandex index, so a new record cannot be forgotten) is documented:
 * listed in asyncapi.yaml under its topic's channel, with a JSON Schema that names every field, and registered for
 * reflection (native images serialize it with Jackson).
 */
class EventContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode asyncApi;
    private static List<Class<? extends DomainEvent>> events;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = resource("asyncapi.yaml")) {
            asyncApi = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        Index index;
        try (InputStream in = resource("META-INF/jandex.idx")) {
            index = new IndexReader(in).read();
        }
        events = new ArrayList<>();
        for (ClassInfo c : index.getAllKnownImplementors(DotName.createSimple(DomainEvent.class))) {
            if (!c.isInterface()) {
                events.add(Class.forName(c.name().toString()).asSubclass(DomainEvent.class));
            }
        }
    }

    @Test
    void everyEventRecordIsFound() {
        assertThat(events).extracting(Class::getSimpleName)
                .contains("OrganizationCreated", "MemberAdded", "MemberRoleChanged", "MemberRemoved", "RowChanged");
    }

    @Test
    void noEventFieldOverridesTheEnvelopeOfItsType() {
        // a record component named eventType or topic would silently change the CloudEvents type or the topic
        for (Class<? extends DomainEvent> type : events) {
            for (var component : type.getRecordComponents()) {
                assertThat(component.getName()).as("%s.%s", type.getSimpleName(), component.getName())
                        .isNotIn("eventType", "topic", "aggregateType", "schemaVersion");
            }
        }
    }

    @Test
    void everyPublishedTypeIsInTheAsyncApiDocumentUnderItsTopic() {
        SoftAssertions softly = new SoftAssertions();
        for (Class<? extends DomainEvent> type : events) {
            DomainEvent sample = sample(type);
            String name = sample.eventType();
            JsonNode message = asyncApi.at("/components/messages/" + name);
            softly.assertThat(message.isMissingNode())
                    .as("%s is missing from components.messages of asyncapi.yaml", name).isFalse();
            softly.assertThat(message.at("/payload/$ref").asText())
                    .as("payload of %s", name).isEqualTo("schemas/" + name + ".v" + sample.schemaVersion() + ".json");
            softly.assertThat(message.at("/name").asText()).as("name of %s", name)
                    .isEqualTo(Topics.TYPE_PREFIX + name);
            JsonNode channel = channelOf(sample.topic());
            softly.assertThat(channel).as("no channel for topic %s of %s", sample.topic(), name).isNotNull();
            if (channel != null) {
                softly.assertThat(channel.at("/messages/" + name + "/$ref").asText())
                        .as("channel %s does not list %s", sample.topic(), name)
                        .isEqualTo("#/components/messages/" + name);
            }
        }
        softly.assertAll();
    }

    @Test
    void everyEventRecordHasAJsonSchemaNamingEachField() throws IOException {
        SoftAssertions softly = new SoftAssertions();
        for (Class<? extends DomainEvent> type : events) {
            DomainEvent sample = sample(type);
            String file = "schemas/" + sample.eventType() + ".v" + sample.schemaVersion() + ".json";
            try (InputStream in = EventContractTest.class.getClassLoader().getResourceAsStream(file)) {
                softly.assertThat(in).as("%s has no JSON Schema %s", type.getSimpleName(), file).isNotNull();
                if (in == null) {
                    continue;
                }
                JsonNode schema = JSON.readTree(in);
                softly.assertThat(schema.at("/$id").asText()).as("$id of %s", file)
                        .isEqualTo(EventEnvelope.dataSchemaFor(sample.eventType(),
                                sample.schemaVersion()));
                Set<String> fields = new HashSet<>();
                for (RecordComponent c : type.getRecordComponents()) {
                    fields.add(c.getName());
                }
                Set<String> described = new HashSet<>();
                schema.at("/properties").fieldNames().forEachRemaining(described::add);
                softly.assertThat(described).as("properties of %s", file).containsAll(fields);
                schema.at("/required").forEach(r -> softly.assertThat(fields).as("required of %s", file)
                        .contains(r.asText()));
            }
        }
        softly.assertAll();
    }

    @Test
    void everyEventRecordIsRegisteredForReflection() {
        for (Class<? extends DomainEvent> type : events) {
            assertThat(type.isRecord()).as("%s should be a record", type.getName()).isTrue();
            assertThat(type.isAnnotationPresent(RegisterForReflection.class))
                    .as("%s needs @RegisterForReflection", type.getName()).isTrue();
        }
    }

    @Test
    void everyTopicHasAChannel() {
        List<String> topics = new ArrayList<>(Topics.DOMAIN);
        topics.add(Topics.AUDIT_CHANGES);
        for (String topic : topics) {
            assertThat(channelOf(topic)).as("asyncapi.yaml has no channel for %s", topic).isNotNull();
        }
    }

    private static JsonNode channelOf(String topic) {
        for (JsonNode channel : asyncApi.at("/channels")) {
            if (topic.equals(channel.at("/address").asText())) {
                return channel;
            }
        }
        return null;
    }

    /** An instance with default field values, to ask for its type, version and topic. */
    private static DomainEvent sample(Class<? extends DomainEvent> type) {
        try {
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] types = new Class<?>[components.length];
            Object[] args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                args[i] = defaultValue(types[i]);
            }
            Constructor<? extends DomainEvent> constructor = type.getDeclaredConstructor(types);
            return constructor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Cannot instantiate " + type.getName() + " with default values", e);
        }
    }

    private static Object defaultValue(Class<?> type) {
        if (!type.isPrimitive()) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == double.class) {
            return 0d;
        }
        if (type == float.class) {
            return 0f;
        }
        if (type == char.class) {
            return '\0';
        }
        if (type == byte.class) {
            return (byte) 0;
        }
        if (type == short.class) {
            return (short) 0;
        }
        return 0;
    }

    private static InputStream resource(String name) {
        InputStream in = EventContractTest.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " not on the classpath");
        }
        return in;
    }
}
