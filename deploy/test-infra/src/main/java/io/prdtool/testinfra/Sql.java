package io.prdtool.testinfra;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Plain SQL against one service's schema on this JVM's test database, for what a test must see behind the API: a
 * count proving a refused request wrote nothing, or a row aged to test retention.
 */
public final class Sql {

    private Sql() {
    }

    /** The first column of the first row of {@code sql}, run in {@code schema}. */
    public static long count(String schema, String sql) {
        try (Connection c = PostgresServer.shared().connect(PostgresServer.DATABASE);
                Statement st = c.createStatement()) {
            st.execute("SET search_path = " + schema);
            try (ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row of {@code sql} as text (null when there is no row). */
    public static String text(String schema, String sql) {
        try (Connection c = PostgresServer.shared().connect(PostgresServer.DATABASE);
                Statement st = c.createStatement()) {
            st.execute("SET search_path = " + schema);
            try (ResultSet rs = st.executeQuery(sql)) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void execute(String schema, String sql) {
        try (Connection c = PostgresServer.shared().connect(PostgresServer.DATABASE);
                Statement st = c.createStatement()) {
            st.execute("SET search_path = " + schema);
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
