package io.prdtool.prd.version;

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
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** An immutable snapshot of a PRD's content. Only commit_hash is ever set later (by the git integration). */
@Entity
@Table(name = "prd_versions")
public class VersionEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue
    public UUID id;

    @Column(name = "prd_id", updatable = false)
    public UUID prdId;

    @Column(updatable = false)
    public String version;

    @Column(updatable = false)
    public String content;

    @Column(updatable = false)
    public String changelog;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(updatable = false)
    public Map<String, Object> metadata = new HashMap<>();

    @Column(name = "restored_from", updatable = false)
    public String restoredFrom;

    @Column(name = "commit_hash")
    public String commitHash;

    @Column(name = "created_by", updatable = false)
    public UUID createdBy;

    @CreationTimestamp
    @Column(name = "created_at", updatable = false)
    public Instant createdAt;
}
