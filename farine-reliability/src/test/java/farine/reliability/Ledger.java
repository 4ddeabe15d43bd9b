package farine.reliability;

import farine.Service;
import farine.amqp.Consume;
import farine.amqp.Message;
import farine.db.Db;
import farine.rpc.RpcMethod;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The database-backed service of the PostgreSQL restart scenario. */
@Service("ledger")
public final class Ledger {

    static final String IN = "ledger-in";

    /** Idempotent: a redelivered entry is not written twice. */
    @Consume(exchange = IN, routingKey = IN)
    public void record(byte[] body, Message message, Db db) throws SQLException {
        String id = message.properties().getMessageId();
        try (PreparedStatement insert = db.connection().prepareStatement(
                "INSERT INTO ledger_entries (id) VALUES (?) ON CONFLICT (id) DO NOTHING")) {
            insert.setString(1, id);
            insert.executeUpdate();
        }
        Tally.of("ledger").saw(id);
    }

    @RpcMethod
    public long count(Db db) throws SQLException {
        try (PreparedStatement select = db.connection().prepareStatement("SELECT count(*) FROM ledger_entries");
                ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
