// The client scenarios (../scenarios.json) through pgJDBC (Debian's
// libpostgresql-jdbc-java), as Metabase, Tableau and most Java tools use
// it; prints TAP.  Run as a single-file program:
//
//   java -cp /usr/share/java/postgresql.jar Suite.java scenarios.json
//
// prepareThreshold=1 makes every PreparedStatement a named server-side
// statement from its first execution; values are bound with their JDBC
// types (setInt, setLong, setDouble, setBigDecimal, setString, PGobject for
// jsonb, PGInterval, OffsetDateTime, LocalDate).  Binary round trips go
// through COPY ... (FORMAT binary) with the driver's CopyManager.  The
// scenarios are read from the JSON file by the server's jsonb functions
// (the JDK has no JSON reader).  Connects to 127.0.0.1 on PGPORT.
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PGInterval;
import org.postgresql.util.PGobject;

public class Suite {
    static int n = 0;
    static int failed = 0;
    static Connection conn;

    static void ok(boolean cond, String name, String diag) {
        n++;
        System.out.println((cond ? "ok " : "not ok ") + n + " - " + name);
        if (!cond) {
            failed++;
            if (diag != null)
                for (String line : diag.split("\n"))
                    System.out.println("# " + line);
        }
    }

    record Param(String type, String value) {}

    record Scenario(String name, String sql, List<Param> params, String columns, String sqlstate, String message) {}

    /* The scenarios of one section, read by the server from the JSON text. */
    static List<Scenario> scenarios(String doc, String section) throws SQLException {
        List<Scenario> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT e->>'name', e->>'sql', e->'params', coalesce(e->'columns', '[]'), e->>'sqlstate', e->>'message'"
                + " FROM jsonb_array_elements(?::jsonb -> ?) WITH ORDINALITY AS x(e, i) ORDER BY i")) {
            ps.setString(1, doc);
            ps.setString(2, section);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Param> params = new ArrayList<>();
                    try (PreparedStatement pp = conn.prepareStatement(
                            "SELECT p->>'type', p->>'value' FROM jsonb_array_elements(?::jsonb) WITH ORDINALITY AS x(p, i) ORDER BY i")) {
                        pp.setString(1, rs.getString(3));
                        try (ResultSet prs = pp.executeQuery()) {
                            while (prs.next())
                                params.add(new Param(prs.getString(1), prs.getString(2)));
                        }
                    }
                    out.add(new Scenario(rs.getString(1), rs.getString(2), params, rs.getString(4), rs.getString(5),
                                         rs.getString(6)));
                }
            }
        }
        return out;
    }

    /* $1, $2, ... (once each, in order) as JDBC's ? placeholders. */
    static String jdbcSql(Scenario sc) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$(\\d+)").matcher(sc.sql());
        int next = 1;
        while (m.find())
            if (Integer.parseInt(m.group(1)) != next++)
                throw new IllegalArgumentException(sc.name() + ": placeholders must be $1, $2, ... once each, in order");
        return sc.sql().replaceAll("\\$\\d+", "?");
    }

    static String literalSql(Scenario sc) {
        String sql = sc.sql();
        for (int i = sc.params().size(); i >= 1; i--)
            sql = sql.replace("$" + i, "'" + sc.params().get(i - 1).value().replace("'", "''") + "'");
        return sql;
    }

    static void bind(PreparedStatement ps, List<Param> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            String v = params.get(i).value();
            switch (params.get(i).type()) {
                case "int4" -> ps.setInt(i + 1, Integer.parseInt(v));
                case "int8" -> ps.setLong(i + 1, Long.parseLong(v));
                case "float8" -> ps.setDouble(i + 1, Double.parseDouble(v));
                case "numeric" -> ps.setBigDecimal(i + 1, new BigDecimal(v));
                case "text" -> ps.setString(i + 1, v);
                case "jsonb" -> {
                    PGobject o = new PGobject();
                    o.setType("jsonb");
                    o.setValue(v);
                    ps.setObject(i + 1, o);
                }
                case "interval" -> ps.setObject(i + 1, new PGInterval(v));
                case "timestamptz" -> ps.setObject(i + 1, OffsetDateTime.parse(v));
                case "date" -> ps.setObject(i + 1, LocalDate.parse(v));
                default -> throw new IllegalArgumentException("type " + params.get(i).type());
            }
        }
    }

    static List<List<Object>> rows(ResultSet rs) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        int cols = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= cols; i++)
                row.add(rs.getObject(i));
            out.add(row);
        }
        return out;
    }

    static void exec(String sql) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        }
    }

    static void prepared(Scenario sc) throws SQLException {
        List<List<Object>> want;
        List<String> types = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(literalSql(sc))) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++)
                types.add("\"" + md.getColumnTypeName(i) + "\"");
            want = rows(rs);
        }
        String got = "[" + String.join(", ", types) + "]";
        ok(got.equals(sc.columns()), sc.name() + ": one scalar per column of the expected types", "got " + got);
        List<Integer> bad = new ArrayList<>();
        List<List<Object>> first = null;
        try (PreparedStatement ps = conn.prepareStatement(jdbcSql(sc))) {
            bind(ps, sc.params());
            String[] modes = {"auto", "auto", "auto", "auto", "auto", "auto", "auto",
                              "force_generic_plan", "force_generic_plan", "force_custom_plan"};
            for (int k = 0; k < modes.length; k++) {
                exec("SET plan_cache_mode = " + modes[k]);
                try (ResultSet rs = ps.executeQuery()) {
                    List<List<Object>> r = rows(rs);
                    if (k == 0)
                        first = r;
                    if (!Objects.equals(r, want))
                        bad.add(k);
                }
            }
        }
        exec("RESET plan_cache_mode");
        long generic = 0;
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT coalesce(max(generic_plans), 0) FROM pg_prepared_statements WHERE statement = ?")) {
            ps.setString(1, sc.sql());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                generic = rs.getLong(1);
            }
        }
        ok(bad.isEmpty() && !want.isEmpty() && generic >= 2,
           sc.name() + ": 10 executions with bound values equal the literal query",
           "runs that differ: " + bad + "; generic plans " + generic + "; reference " + want + "; first " + first);
    }

    public static void main(String[] args) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + System.getenv("PGPORT") + "/" + System.getenv("PGDATABASE")
            + "?user=" + System.getenv("PGUSER") + "&prepareThreshold=1";
        conn = DriverManager.getConnection(url);
        String doc = Files.readString(Path.of(args[0]));

        for (Scenario sc : scenarios(doc, "prepared")) {
            try {
                prepared(sc);
            } catch (SQLException e) {
                ok(false, sc.name(), e.getSQLState() + " " + e.getMessage());
            } catch (RuntimeException e) {
                ok(false, sc.name(), e.toString());
            }
        }

        for (Scenario sc : scenarios(doc, "errors")) {
            try (PreparedStatement ps = conn.prepareStatement(jdbcSql(sc))) {
                bind(ps, sc.params());
                ps.executeQuery().close();
                ok(false, sc.name() + ": an error", "no error");
            } catch (SQLException e) {
                ok(sc.sqlstate().equals(e.getSQLState()) && e.getMessage().contains(sc.message()),
                   sc.name() + ": SQLSTATE " + sc.sqlstate() + " and a message naming " + sc.message(),
                   e.getSQLState() + " " + e.getMessage());
            }
        }

        CopyManager copy = conn.unwrap(PGConnection.class).getCopyAPI();
        List<String> kinds = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT k FROM jsonb_array_elements_text(?::jsonb -> 'roundtrip') WITH ORDINALITY AS x(k, i) ORDER BY i")) {
            ps.setString(1, doc);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next())
                    kinds.add(rs.getString(1));
            }
        }
        for (String kind : kinds) {
            String table = "warehouse.rt_" + kind;
            try {
                exec("DELETE FROM " + table + " WHERE id <> 0");
                String text;
                try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT s FROM " + table + " WHERE id = 0")) {
                    rs.next();
                    text = rs.getString(1);
                }
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + table + " VALUES (1, ?)")) {
                    PGobject o = new PGobject();
                    o.setType("effcap." + kind);
                    o.setValue(text);
                    ps.setObject(1, o);
                    ps.executeUpdate();
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                copy.copyOut("COPY (SELECT 2, s FROM " + table + " WHERE id = 0) TO STDOUT (FORMAT binary)", out);
                copy.copyIn("COPY " + table + " (id, s) FROM STDIN (FORMAT binary)", new ByteArrayInputStream(out.toByteArray()));
                try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(
                        "SELECT count(*) FILTER (WHERE s::text = (SELECT s::text FROM " + table + " WHERE id = 0)), count(*) FROM "
                        + table + " WHERE id IN (1, 2)")) {
                    rs.next();
                    ok(rs.getLong(1) == 2 && rs.getLong(2) == 2,
                       kind + " fetched as text and written back as a bound " + "effcap." + kind + ", and through binary COPY: unchanged",
                       rs.getLong(1) + " of " + rs.getLong(2) + " the same");
                }
                exec("DELETE FROM " + table + " WHERE id <> 0");
            } catch (SQLException e) {
                ok(false, kind + " round trips", e.getSQLState() + " " + e.getMessage());
            }
        }

        conn.close();
        System.out.println("1.." + n);
        System.exit(failed > 0 ? 1 : 0);
    }
}
