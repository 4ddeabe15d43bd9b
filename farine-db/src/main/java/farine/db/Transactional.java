package farine.db;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the invocation's database work in one transaction: committed when the method returns (for a
 * streaming reply, after the last item), rolled back when it throws or the reply fails. INI
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
