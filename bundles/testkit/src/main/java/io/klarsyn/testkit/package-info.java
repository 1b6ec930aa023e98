/**
 * A test kit for plugin developers: build a ledger, a survey table, settings and a metric context
 * in memory, call your {@link io.klarsyn.api.metric.MetricCalculator#compute} and assert on the
 * results, without the engine or a framework.
 *
 * <pre>{@code
 * TestLedger ledger = TestLedger.asOf(LocalDate.of(2024, 5, 31))
 *         .customer("c1", "2023-01-10", null, Map.of("plan", "basis"))
 *         .transaction("c1", "2023-01-10", 250.0)
 *         .build();
 * TestContext ctx = TestContext.builder(YearMonth.of(2024, 5)).ledger(ledger)
 *         .setting("churn.segments", "plan").build();
 * List<MetricResult> results = new MyCalculator().compute(ctx);
 * }</pre>
 *
 * The ledger and the settings are the engine's own code ({@code io.klarsyn.engine.embedded}): the
 * rows given to {@link io.klarsyn.testkit.TestLedger} go through the engine's ingestion (its checks,
 * the as-of cut, purchase occasions, duplicate detection, dictionary-encoded and numeric attributes)
 * into the engine's ledger, and {@link io.klarsyn.testkit.TestSettings} parse as a run's settings do,
 * so a plugin's tests compute exactly what the engine computes.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.klarsyn.testkit;
