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
 * The semantics are those of the engine and the API's javadoc (as-of cut, purchase occasions,
 * dictionary-encoded attributes); the implementation favours clarity over speed.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.klarsyn.testkit;
