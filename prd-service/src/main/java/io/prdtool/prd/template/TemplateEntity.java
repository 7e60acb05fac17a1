package io.prdtool.prd.template;

import java.time.Instant;
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
@Table(name = "prd_templates")
public class TemplateEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue
    public UUID id;

    @Column(name = "organization_id", updatable = false)
    public UUID organizationId;

    public String name;

    public String description;

    /** {"sections": [{"title", "guidance", "required"}]}, validated as {@link TemplateStructure}. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> structure;

    @Column(name = "is_default")
    public boolean isDefault;

    @Column(name = "created_by", updatable = false)
    public UUID createdBy;

    @CreationTimestamp
    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at")
    public Instant updatedAt;
}
