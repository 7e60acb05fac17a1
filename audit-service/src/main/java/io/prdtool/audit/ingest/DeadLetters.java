package io.prdtool.audit.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Sends a record this service cannot apply to the dead-letter topic ({@code prdtool.dlq.audit-service}) unchanged
 * (key, value, original headers) plus {@code dead-letter-reason}, {@code dead-letter-topic},
 * {@code dead-letter-partition} and {@code dead-letter-offset}, the same headers SmallRye's own dead-letter strategy
 * writes. Completes once the broker acknowledged, so the record's offset is only committed after that.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    @Inject
    @Channel("audit-dlq")
    MutinyEmitter<byte[]> dlq;

    @Inject
    IngestStats stats;

    public Uni<Void> send(ConsumerRecord<String, byte[]> record, String reason) {
        LOG.warnf("Dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), reason);
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add("dead-letter-reason", bytes(reason == null ? "unknown" : reason));
        headers.add("dead-letter-topic", bytes(record.topic()));
        headers.add("dead-letter-partition", bytes(Integer.toString(record.partition())));
        headers.add("dead-letter-offset", bytes(Long.toString(record.offset())));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key())
                .withHeaders(headers)
                .build();
        byte[] value = record.value() == null ? new byte[0] : record.value();
        return Uni.createFrom().deferred(() -> dlq.sendMessage(Message.of(value).addMetadata(metadata)))
                // the dead-letter topic is on the same broker: while it is away, wait rather than lose the record
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely()
                .invoke(stats::rejected);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
