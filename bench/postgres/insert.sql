-- pgbench side of bench/postgres (issue 2): the same single-row INSERT, same row shape, as PostgresBench `single`.
\set id random(1, 999999999999999)
\set tenant random(1, 100)
\set amount random(0, 99999999) / 10000.0
\set invoice random(100000, 999999)
\set line random(1, 7)
\set day random(0, 364)
INSERT INTO bench_pg.rows (id, tenant_id, amount, memo, posted_on) VALUES (:id, :tenant, :amount, 'Invoice INV-' || :invoice || ' line ' || :line, date '2026-01-01' + :day::int);
