package farine.db;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the invocation's database work in one transaction: committed when the method returns and rolled back
 * when it throws. The commit happens <em>before</em> the entry point passes the outcome on (before the RPC
 * reply is sent, before a consumed message is acknowledged), so a caller never receives a result whose work
 * then fails to commit: a failed commit is reported to it as the invocation's error instead. For a streaming
 * reply ({@code Stream} or {@code Iterator}) the commit follows the last item and precedes the end of the
 * stream; an item that throws rolls everything back. If the reply cannot be published after the commit, the
 * request is redelivered and runs again (at-least-once), so make such methods idempotent. INI
 * {@code db_transaction = true} (or {@code <method>.db_transaction = true}) does the same without the
 * annotation. Inside, jOOQ's {@code transaction}/{@code transactionResult} nest as savepoints: an inner
 * block that throws rolls back only its own work.
 *
 * <pre>{@code
 * @RpcMethod @Transactional
 * public void transfer(DSLContext db, String from, String to, int amount) { ... }
 * }</pre>
 *
 * <p>Without it (and without {@code db_transaction}) the connection is in auto-commit mode.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Transactional {
}
