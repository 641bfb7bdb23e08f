package org.nas4j.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small JDBC helpers: bind parameters (NaN and null as SQL NULL), map rows. */
final class Sql {
    /** Work inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private Sql() {}

    static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        return bind(c.prepareStatement(sql, PreparedStatement.RETURN_GENERATED_KEYS), args);
    }

    private static PreparedStatement bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null || (a instanceof Double d && !Double.isFinite(d))) {
                ps.setNull(i + 1, Types.NULL);
            } else if (a instanceof Instant t) {
                ps.setTimestamp(i + 1, Timestamp.from(t));
            } else if (a instanceof byte[] b) {
                ps.setBytes(i + 1, b);
            } else {
                ps.setObject(i + 1, a);
            }
        }
        return ps;
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (var ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }

    /** Runs {@code sql} once per row of arguments, as one JDBC batch. */
    static void batch(Connection c, String sql, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (var ps = c.prepareStatement(sql)) {
            for (Object[] row : rows) {
                bind(ps, row).addBatch();
            }
            ps.executeBatch();
        }
    }

    static long insert(Connection c, String sql, Object... args) throws SQLException {
        try (var ps = prepare(c, sql, args)) {
            ps.executeUpdate();
            try (var keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    static <T> List<T> list(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        try (var ps = prepare(c, sql, args); var rs = ps.executeQuery()) {
            var out = new ArrayList<T>();
            while (rs.next()) {
                out.add(row.map(rs));
            }
            return out;
        }
    }

    static <T> Optional<T> one(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        List<T> all = list(c, sql, row, args);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** An SQL list of enum names for {@code IN}, such as {@code ('COMPLETED', 'PRUNED')}, in declaration order. */
    static <E extends Enum<E>> String in(java.util.Set<E> values) {
        return values.stream().sorted().map(v -> "'" + v.name() + "'").collect(java.util.stream.Collectors.joining(", ", "(", ")"));
    }

    /** A nullable double column as a double, NaN for NULL. */
    static double real(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }

    static Instant time(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
