INSERT INTO things VALUES (3, 'third');
INSERT INTO no_such_table VALUES (4);
