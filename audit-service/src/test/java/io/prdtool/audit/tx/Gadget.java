package io.prdtool.audit.tx;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A test-only entity: how a producing service (prd-service) writes with Panache through Tx and Outbox. */
@Entity
@Table(name = "gadgets")
public class Gadget extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "organization_id")
    public UUID organizationId;

    public String name;
}
