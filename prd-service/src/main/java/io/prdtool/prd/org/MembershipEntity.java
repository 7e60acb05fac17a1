package io.prdtool.prd.org;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.CreationTimestamp;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

@Entity
@Table(name = "organization_members")
@IdClass(MembershipEntity.Key.class)
public class MembershipEntity extends PanacheEntityBase {

    @Id
    @Column(name = "organization_id")
    public UUID organizationId;

    @Id
    @Column(name = "user_id")
    public UUID userId;

    /** owner, admin, member or viewer (CHECK constraint in the table). */
    public String role;

    @Column(name = "invited_by", updatable = false)
    public UUID invitedBy;

    @CreationTimestamp
    @Column(name = "joined_at", updatable = false)
    public Instant joinedAt;

    public static class Key implements Serializable {

        public UUID organizationId;
        public UUID userId;

        public Key() {
        }

        public Key(UUID organizationId, UUID userId) {
            this.organizationId = organizationId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(k.organizationId, organizationId)
                    && Objects.equals(k.userId, userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(organizationId, userId);
        }
    }
}
