CREATE TABLE entries (id bigserial PRIMARY KEY, who text NOT NULL, amount int NOT NULL);
