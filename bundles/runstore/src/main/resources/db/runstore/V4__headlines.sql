-- Issue 16: what each job's headline figures are called and how they read (RunStore.headlines), as the
-- newest run that reported each figure described it in its metrics.json. Pages and mails show a plugin's
-- headline by these, without a table of metric ids.
CREATE TABLE headlines (
    job VARCHAR(200) NOT NULL,
    name VARCHAR(100) NOT NULL,
    kpi_rank INT NOT NULL,
    metric VARCHAR(200),
    title_key VARCHAR(200),
    title VARCHAR(500) NOT NULL,
    unit VARCHAR(20) NOT NULL,
    direction VARCHAR(30) NOT NULL,
    run_id BIGINT NOT NULL,
    PRIMARY KEY (job, name)
);

-- Runs recorded before this version kept values only. The shipped metrics' headlines are described here
-- once, as those metrics declare them (result id = title key; ranks from docs/metrics-json.md), so that old
-- history reads right until the job's next run describes them itself.
INSERT INTO headlines (job, name, kpi_rank, metric, title_key, title, unit, direction, run_id)
SELECT r.job, k.name,
       CASE k.name WHEN 'customers.active' THEN 10 WHEN 'churn.monthly.rate' THEN 20 WHEN 'churn.12m.rate' THEN 30
                   WHEN 'clv.predicted' THEN 40 WHEN 'cx.nps' THEN 50 WHEN 'cx.csat' THEN 60 ELSE 70 END,
       CASE WHEN k.name LIKE 'cx.%' THEN 'cx' WHEN k.name LIKE 'clv.%' THEN 'clv' ELSE 'churn' END,
       k.name, k.name,
       CASE k.name WHEN 'customers.active' THEN 'COUNT' WHEN 'clv.predicted' THEN 'CURRENCY'
                   WHEN 'cx.nps' THEN 'POINTS' WHEN 'cx.ces' THEN 'SCORE' ELSE 'FRACTION' END,
       CASE k.name WHEN 'churn.monthly.rate' THEN 'LOWER_IS_BETTER' WHEN 'churn.12m.rate' THEN 'LOWER_IS_BETTER'
                   ELSE 'HIGHER_IS_BETTER' END,
       MAX(k.run_id)
FROM run_kpis k JOIN runs r ON r.id = k.run_id
WHERE k.name IN ('customers.active', 'churn.monthly.rate', 'churn.12m.rate', 'clv.predicted', 'cx.nps', 'cx.csat',
                 'cx.ces')
GROUP BY r.job, k.name;
