-- Issue 16: a run's headline numbers are the KPIs its metrics declare, kept under their result
-- ids in the order of their rank. Rows of runs recorded before are renamed to those ids.
ALTER TABLE run_kpis ADD COLUMN kpi_rank INT DEFAULT 0 NOT NULL;

UPDATE run_kpis SET name = 'customers.active', kpi_rank = 0 WHERE name = 'activeCustomers';
UPDATE run_kpis SET name = 'churn.monthly.rate', kpi_rank = 1 WHERE name = 'monthlyChurn';
UPDATE run_kpis SET name = 'clv.predicted', kpi_rank = 2 WHERE name = 'clv';
UPDATE run_kpis SET name = 'cx.nps', kpi_rank = 3 WHERE name = 'nps';
UPDATE run_kpis SET kpi_rank = 100 WHERE name = 'rejectedShare';
