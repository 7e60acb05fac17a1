package io.prdtool.shared.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A CloudEvents 1.0 event in Kafka binary mode, as the outbox relay publishes it: the attributes travel as
 * {@code ce_*} headers, {@code data} is the record value (the event record as JSON), the record key is the aggregate
 * id ({@code subject}).
 * <p>
 * Attributes: {@code id} (the outbox row id, the deduplication key), {@code source} ({@code /prdtool/<service>}),
 * {@code type} ({@code io.prdtool.<EventType>}), {@code subject} (aggregate id), {@code time}, {@code dataschema}
 * (the JSON Schema URL including the version), {@code datacontenttype}; extensions {@code schemaversion},
 * {@code aggregatetype}, {@code orgid} (tenant), {@code actor} (JWT subject), {@code clientip}, {@code useragent}.
 */
public record EventEnvelope(UUID id, String source, String type, UUID subject, Instant time, String dataSchema,
        int schemaVersion, String aggregateType, UUID organizationId, String actor, String clientIp,
        String userAgent, String topic, String data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String SCHEMA_BASE = "https://prdtool.dev/schemas/";

    public static final String H_SPECVERSION = "ce_specversion";
    public static final String H_ID = "ce_id";
    public static final String H_SOURCE = "ce_source";
    public static final String H_TYPE = "ce_type";
    public static final String H_SUBJECT = "ce_subject";
    public static final String H_TIME = "ce_time";
    public static final String H_DATASCHEMA = "ce_dataschema";
    public static final String H_CONTENT_TYPE = "content-type";
    public static final String H_SCHEMAVERSION = "ce_schemaversion";
    public static final String H_AGGREGATETYPE = "ce_aggregatetype";
    public static final String H_ORGID = "ce_orgid";
    public static final String H_ACTOR = "ce_actor";
    public static final String H_CLIENTIP = "ce_clientip";
    public static final String H_USERAGENT = "ce_useragent";

    /** The past-tense event type without the {@link Topics#TYPE_PREFIX}, e.g. {@code PrdApproved}. */
    public String eventType() {
        return type.startsWith(Topics.TYPE_PREFIX) ? type.substring(Topics.TYPE_PREFIX.length()) : type;
    }

    public static String dataSchemaFor(String eventType, int version) {
        return SCHEMA_BASE + eventType + ".v" + version + ".json";
    }

    /**
     * Reads an event from a Kafka record's headers and value.
     *
     * @throws InvalidEventException if a required attribute is missing or malformed (a poison message)
     */
    public static EventEnvelope from(String topic, Headers headers, byte[] value) {
        String specVersion = header(headers, H_SPECVERSION);
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new InvalidEventException("not a CloudEvents 1.0 record (ce_specversion=" + specVersion + ")");
        }
        if (value == null || value.length == 0) {
            throw new InvalidEventException("no data");
        }
        String version = header(headers, H_SCHEMAVERSION);
        try {
            return new EventEnvelope(uuid(required(headers, H_ID)), required(headers, H_SOURCE),
                    required(headers, H_TYPE), uuid(required(headers, H_SUBJECT)),
                    Instant.parse(required(headers, H_TIME)), header(headers, H_DATASCHEMA),
                    version == null ? 1 : Integer.parseInt(version), header(headers, H_AGGREGATETYPE),
                    optionalUuid(header(headers, H_ORGID)), header(headers, H_ACTOR), header(headers, H_CLIENTIP),
                    header(headers, H_USERAGENT), topic, new String(value, StandardCharsets.UTF_8));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            if (e instanceof InvalidEventException iee) {
                throw iee;
            }
            throw new InvalidEventException("malformed CloudEvents attribute: " + e.getMessage());
        }
    }

    private static String required(Headers headers, String name) {
        String v = header(headers, name);
        if (v == null || v.isBlank()) {
            throw new InvalidEventException("missing " + name);
        }
        return v;
    }

    public static String header(Headers headers, String name) {
        Header h = headers == null ? null : headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static UUID uuid(String s) {
        return UUID.fromString(s);
    }

    private static UUID optionalUuid(String s) {
        return s == null || s.isBlank() ? null : UUID.fromString(s);
    }

    /** A record that is not a valid event of this suite; it goes to the dead-letter topic. */
    public static class InvalidEventException extends IllegalArgumentException {

        public InvalidEventException(String message) {
            super(message);
        }
    }
}
