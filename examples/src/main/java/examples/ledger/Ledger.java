package examples.ledger;

import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;

import farine.db.Transactional;
import farine.rpc.RpcMethod;
import java.math.BigDecimal;
import java.util.Map;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;

/**
 * An RPC service keeping accounts in PostgreSQL with jOOQ. Each call gets a pooled connection as its
 * {@code DSLContext} parameter, which is not an RPC argument: {@code add(db, who, amount)} is called remotely
 * as {@code ledger.add("ana", 5)}. The table comes from {@code db/migration/ledger/V1__ledger_entries.sql}:
 *
 * <pre>
 * [ledger]
 * amqp_uri = amqp://guest:guest@localhost:5672/
 * db_name = ledger
 * db_migrations = classpath:db/migration/ledger
 * </pre>
 *
 * <pre>
 * bin/farine migrate --start=examples.ledger
 * bin/farine --start=examples.ledger
 * </pre>
 */
public final class Ledger {

    static final Table<?> ENTRIES = table(name("ledger_entries"));
    static final Field<Long> ID = field(name("id"), Long.class);
    static final Field<String> WHO = field(name("who"), String.class);
    static final Field<Integer> AMOUNT = field(name("amount"), Integer.class);

    /** Books {@code amount} (negative to withdraw) for {@code who}; returns the entry's id. */
    @RpcMethod
    public long add(DSLContext db, String who, int amount) {
        return db.insertInto(ENTRIES).set(WHO, who).set(AMOUNT, amount).returningResult(ID).fetchSingle().value1();
    }

    @RpcMethod
    public long balance(DSLContext db, String who) {
        return db.select(coalesce(sum(AMOUNT), val(BigDecimal.ZERO))).from(ENTRIES).where(WHO.eq(who))
                .fetchSingle().value1().longValue();
    }

    /**
     * Moves {@code amount} from one account to another, all or nothing: the transaction commits before the
     * reply is sent, and a refusal rolls back the withdrawal already booked.
     */
    @RpcMethod(expected = InsufficientFunds.class)
    @Transactional
    public long transfer(DSLContext db, String from, String to, int amount) {
        add(db, from, -amount);
        long left = balance(db, from);
        if (left < 0) {
            throw new InsufficientFunds(from + " has " + (left + amount) + ", cannot transfer " + amount);
        }
        add(db, to, amount);
        return left;
    }

    /**
     * The entries of {@code who}, oldest first, one reply frame per row read from the open result set; the
     * connection stays borrowed until the last row is sent (and the stream closed).
     */
    @RpcMethod
    public Stream<Map<String, Object>> history(DSLContext db, String who) {
        return db.select(ID, AMOUNT).from(ENTRIES).where(WHO.eq(who)).orderBy(ID).fetchStream()
                .map(r -> Map.of("id", r.value1(), "amount", r.value2()));
    }

    /** A refused transfer: an expected outcome, logged without a stack trace. */
    public static final class InsufficientFunds extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InsufficientFunds(String message) {
            super(message);
        }
    }
}
