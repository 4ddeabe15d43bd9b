package farine.reliability;

import farine.Service;
import farine.rpc.RpcMethod;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The service of the password scenario: one query through the injected connection. */
@Service("dbauth_accounts")
public final class Accounts {

    /** {@code user@database} as the server sees the connection. */
    @RpcMethod
    public String whoami(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_user || '@' || current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
