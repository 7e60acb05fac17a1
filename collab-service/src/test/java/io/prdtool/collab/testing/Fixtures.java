package io.prdtool.collab.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import io.prdtool.testinfra.PostgresServer;
import io.prdtool.testinfra.Tokens;

/**
 * Test data in collab-service's schema: PRDs and memberships written straight into the access projection (the
 * projection's own Kafka feed is tested in AccessProjectionTest), plus queries over the operation log.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** A PRD in a fresh organization. */
    public record Prd(UUID id, UUID organizationId) {

        /** Adds a member with {@code role} and returns a valid token for them. */
        public String member(String role) {
            return member(role, "u-" + role + "-" + UUID.randomUUID());
        }

        /** Adds a member with {@code role} under {@code subject} (idempotent) and returns a valid token for them. */
        public String member(String role, String subject) {
            Fixtures.update("INSERT INTO org_members (organization_id, subject, user_id, role) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT DO NOTHING", organizationId, subject, UUID.randomUUID(), role);
            return Tokens.forTests().token(subject, subject + "@example.com", "User " + role);
        }

        /** Another PRD of the same organization. */
        public Prd sibling() {
            Prd prd = new Prd(UUID.randomUUID(), organizationId);
            update("INSERT INTO prd_access (prd_id, organization_id) VALUES (?, ?)", prd.id(), organizationId);
            return prd;
        }
    }

    public static Prd newPrd() {
        Prd prd = new Prd(UUID.randomUUID(), UUID.randomUUID());
        update("INSERT INTO prd_access (prd_id, organization_id) VALUES (?, ?)", prd.id(), prd.organizationId());
        return prd;
    }

    public static int update(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String string(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of every row, as bytes (bytea). */
    public static java.util.List<byte[]> bytes(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            java.util.List<byte[]> rows = new java.util.ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getBytes(1));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A connection in collab-service's schema (to hold locks or transactions open); the caller closes it. */
    public static Connection connect() throws SQLException {
        Connection c = PostgresServer.shared().connect(PostgresServer.DATABASE);
        try (var st = c.createStatement()) {
            st.execute("SET search_path TO collab");
        }
        return c;
    }
}
