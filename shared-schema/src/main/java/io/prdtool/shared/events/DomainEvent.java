package io.prdtool.shared.events;

import java.util.UUID;

/**
 * An event another service or a third party may consume. Implemented by immutable records in
 * {@code io.prdtool.shared.events.<domain>}; {@link io.prdtool.shared.outbox.Outbox#append(DomainEvent)} writes one to
 * the producing service's outbox, and the relay publishes it as a CloudEvents 1.0 record.
 * <p>
 * Contract for implementors:
 * <ul>
 * <li>{@link #aggregateId()} is the Kafka key and the CloudEvents {@code subject}: all events of one aggregate keep
 * their commit order.</li>
 * <li>{@link #eventType()} is past tense and defaults to the record's simple name ({@code PrdApproved}); it must be
 * listed in {@code asyncapi.yaml} and have {@code schemas/<eventType>.v<schemaVersion>.json}.</li>
 * <li>Evolution is additive only; a breaking change is a new record with a higher {@link #schemaVersion()}.</li>
 * <li>Records are annotated {@code @RegisterForReflection} (Jackson serializes them, native images need it).</li>
 * </ul>
 */
public interface DomainEvent {

    /** The aggregate this event is about: Kafka key, CloudEvents subject, unit of ordering. */
    UUID aggregateId();

    /** The tenant; {@code null} only for events that belong to no organization. */
    UUID organizationId();

    /** The topic it is published on, one of {@link Topics}. */
    String topic();

    /** What kind of resource the aggregate is ({@code prd}, {@code organization}, ...); the activity log uses it. */
    String aggregateType();

    /** Past-tense type name, the CloudEvents {@code type} (prefixed with {@link Topics#TYPE_PREFIX} on the wire). */
    default String eventType() {
        return getClass().getSimpleName();
    }

    /** Version of this type's payload schema; bump it only with a new record for a breaking change. */
    default int schemaVersion() {
        return 1;
    }
}
