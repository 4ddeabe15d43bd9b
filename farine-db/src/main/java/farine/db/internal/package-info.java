/**
 * farine-db's implementation: pools (HikariCP), the per-worker connection and transaction, migrations (Flyway),
 * the embedded development server. No other module uses it.
 */
package farine.db.internal;
