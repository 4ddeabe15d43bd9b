-- NotesIT's table, applied by Migrations.migrate before each test (once per database: Flyway records it)
CREATE TABLE notes (
    id    bigserial PRIMARY KEY,
    topic text      NOT NULL,
    body  text      NOT NULL
);
