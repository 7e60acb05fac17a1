package io.prdtool.prd.org;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.UpdateTimestamp;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

@Entity
@Table(name = "organizations")
public class OrganizationEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue
    public UUID id;

    public String name;

    public String slug;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> settings = new HashMap<>();

    @Column(name = "subscription_tier")
    public String subscriptionTier = SubscriptionTier.FREE.wire();

    @Column(name = "is_active")
    public boolean active = true;

    @Column(name = "created_by", updatable = false)
    public UUID createdBy;

    @CreationTimestamp
    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at")
    public Instant updatedAt;
}
