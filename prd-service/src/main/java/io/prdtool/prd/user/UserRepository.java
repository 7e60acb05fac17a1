package io.prdtool.prd.user;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<UserEntity, UUID> {

    public Uni<UserEntity> findBySubject(String subject) {
        return find("subject", subject).firstResult();
    }

    public Uni<UserEntity> findByEmail(String email) {
        return find("lower(email) = lower(?1)", email).firstResult();
    }
}
