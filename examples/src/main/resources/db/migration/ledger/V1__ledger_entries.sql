-- applied once by `farine migrate --start=examples.ledger` (Flyway records it in flyway_schema_history)
CREATE TABLE ledger_entries (
    id     bigserial   PRIMARY KEY,
    who    text        NOT NULL,
    amount integer     NOT NULL,
    at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_entries_who ON ledger_entries (who, id);
