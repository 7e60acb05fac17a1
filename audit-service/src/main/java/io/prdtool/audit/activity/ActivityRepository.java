package io.prdtool.audit.activity;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads the activity log of one organization, newest first, by keyset (never OFFSET) pagination. */
@ApplicationScoped
public class ActivityRepository {

    @Inject
    Pool pool;

    @Inject
    ObjectMapper mapper;

    Uni<ActivityPage> find(ActivityQuery q) {
        List<Object> args = new ArrayList<>();
        args.add(q.organizationId());
        StringBuilder sql = new StringBuilder("SELECT id, organization_id, user_id, actor, resource_type, resource_id,"
                + " action, source, changes::text AS changes,"
                + " host(coalesce(ip_address, context_ip)) AS ip, coalesce(user_agent, context_user_agent) AS agent,"
                + " created_at FROM activity_logs LEFT JOIN activity_request_context ON event_id = id"
                + " WHERE organization_id = $1");
        if (q.user() != null) {
            args.add(q.user());
            sql.append(" AND (actor = $").append(args.size()).append(" OR user_id::text = $").append(args.size())
                    .append(')');
        }
        if (q.resourceType() != null) {
            args.add(q.resourceType());
            sql.append(" AND resource_type = $").append(args.size());
        }
        if (q.resourceId() != null) {
            args.add(q.resourceId());
            sql.append(" AND resource_id = $").append(args.size());
        }
        if (q.action() != null) {
            args.add(q.action());
            sql.append(" AND action = $").append(args.size());
        }
        if (q.from() != null) {
            args.add(q.from().atOffset(ZoneOffset.UTC));
            sql.append(" AND created_at >= $").append(args.size());
        }
        if (q.to() != null) {
            args.add(q.to().atOffset(ZoneOffset.UTC));
            sql.append(" AND created_at < $").append(args.size());
        }
        if (q.after() != null) {
            args.add(q.after().createdAt().atOffset(ZoneOffset.UTC));
            args.add(q.after().id());
            sql.append(" AND (created_at, id) < ($").append(args.size() - 1).append(", $").append(args.size())
                    .append(')');
        }
        args.add(q.limit() + 1);
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT $").append(args.size());
        return pool.preparedQuery(sql.toString()).execute(Tuple.from(args)).map(rows -> {
            List<ActivityEntry> items = new ArrayList<>();
            for (Row r : rows) {
                items.add(toEntry(r));
            }
            String next = null;
            if (items.size() > q.limit()) {
                items = items.subList(0, q.limit());
                ActivityEntry last = items.get(items.size() - 1);
                next = new ActivityCursor(last.createdAt(), last.id()).encode();
            }
            return new ActivityPage(List.copyOf(items), next);
        });
    }

    private ActivityEntry toEntry(Row r) {
        try {
            String changes = r.getString("changes");
            return new ActivityEntry(r.getUUID("id"), r.getUUID("organization_id"), r.getUUID("user_id"),
                    r.getString("actor"), r.getString("resource_type"), r.getUUID("resource_id"),
                    r.getString("action"), r.getString("source"), changes == null ? null : mapper.readTree(changes),
                    r.getString("ip"), r.getString("agent"), r.getOffsetDateTime("created_at").toInstant());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored activity is not JSON", e);
        }
    }
}
