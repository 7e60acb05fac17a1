package io.prdtool.audit.tx;

import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.prdtool.audit.support.Happened;
import io.prdtool.shared.outbox.Outbox;
import io.prdtool.shared.tx.Tx;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** Test-only endpoint: a write made while serving an HTTP request, as a producing service's resource does it. */
@Path("/test/organizations/{org}/writes")
@Authenticated
public class ActorWriteResource {

    @Inject
    Tx tx;

    @Inject
    Outbox outbox;

    @POST
    public Uni<Void> write(@PathParam("org") UUID org) {
        return tx.writeWithConnection(org, c -> outbox.append(c, Happened.prd(UUID.randomUUID(), org,
                "PrdCreated", 0)));
    }
}
