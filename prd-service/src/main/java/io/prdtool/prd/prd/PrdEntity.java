package io.prdtool.prd.prd;

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

import io.prdtool.prd.common.Hashes;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A PRD. The generated search_vector column is deliberately not mapped (search reads it with SQL). */
@Entity
@Table(name = "prds")
public class PrdEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue
    public UUID id;

    @Column(name = "organization_id", updatable = false)
    public UUID organizationId;

    @Column(name = "project_id", updatable = false)
    public UUID projectId;

    public String title;

    public String slug;

    @Column(name = "current_version")
    public String currentVersion = "1.0.0";

    public String content = "";

    /**
     * SHA-256 (hex) of {@link #content}: a database trigger recomputes it on every write of content (migration
     * V2_1); the code that changes content sets it too, so that the entity it answers with is current without a
     * re-read.
     */
    @Column(name = "content_hash", insertable = false, updatable = false)
    public String contentHash = Hashes.sha256("");

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> metadata = new HashMap<>();

    public String status = PrdStatus.DRAFT.wire();

    @Column(name = "template_id", updatable = false)
    public UUID templateId;

    @Column(name = "approver_ids")
    public UUID[] approverIds = new UUID[0];

    @Column(name = "created_by", updatable = false)
    public UUID createdBy;

    @Column(name = "updated_by")
    public UUID updatedBy;

    @Column(name = "approved_by")
    public UUID approvedBy;

    @Column(name = "approved_at")
    public Instant approvedAt;

    @Column(name = "approved_content_hash")
    public String approvedContentHash;

    @CreationTimestamp
    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at")
    public Instant updatedAt;

    public PrdStatus statusValue() {
        return PrdStatus.fromDb(status);
    }
}
