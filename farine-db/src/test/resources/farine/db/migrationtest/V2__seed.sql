INSERT INTO entries (who, amount) VALUES ('seed', 1);
