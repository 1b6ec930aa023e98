-- a table of things; a comment line
CREATE TABLE things (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL);
INSERT INTO things VALUES (1, 'first');
