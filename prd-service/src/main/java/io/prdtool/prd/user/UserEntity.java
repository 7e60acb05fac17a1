package io.prdtool.prd.user;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.UpdateTimestamp;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

@Entity
@Table(name = "users")
public class UserEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue
    public UUID id;

    /** The identity provider's subject; null until the first login of a user added by email. */
    public String subject;

    public String email;

    public String name;

    @Column(name = "avatar_url")
    public String avatarUrl;

    /** Global (platform) permissions; organization roles live in organization_members. */
    public String[] permissions = new String[0];

    @Column(name = "is_active")
    public boolean active = true;

    @Column(name = "last_login_at")
    public Instant lastLoginAt;

    @CreationTimestamp
    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at")
    public Instant updatedAt;
}
