/**
 * PostgreSQL per worker: {@code Db}, {@code @Transactional}, {@code Migrations}. See docs/db.md.
 */
package farine.db;
