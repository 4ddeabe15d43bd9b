package examples.kit;

import farine.Service;
import farine.amqp.Consume;
import farine.db.Db;
import farine.rpc.RpcMethod;
import java.util.Map;

/** NotesIT's service: notes written over RPC or consumed from an exchange, read back over RPC. */
@Service("farine-kit-notes")
public final class Notes {

    static final String EXCHANGE = "farine-kit-notes";

    @RpcMethod
    public long write(Db db, String topic, String body) {
        return db.dsl().resultQuery("INSERT INTO notes (topic, body) VALUES (?, ?) RETURNING id", topic, body)
                .fetchSingle().get(0, Long.class);
    }

    @Consume(exchange = EXCHANGE, routingKey = "note")
    public void consume(Db db, Map<String, String> note) {
        write(db, note.get("topic"), note.get("body"));
    }

    @RpcMethod
    public long count(Db db, String topic) {
        return db.dsl().resultQuery("SELECT count(*) FROM notes WHERE topic = ?", topic).fetchSingle().get(0, Long.class);
    }
}
