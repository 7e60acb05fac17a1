package io.prdtool.collab.cluster;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.prdtool.collab.config.CollabConfig;

/** This process's id among the collab-service instances (presence rows and fan-out messages carry it). */
@ApplicationScoped
public class InstanceId {

    private final String value;

    public InstanceId(CollabConfig config) {
        this.value = config.instanceId().filter(s -> !s.isBlank()).orElseGet(() -> UUID.randomUUID().toString());
    }

    public String value() {
        return value;
    }
}
