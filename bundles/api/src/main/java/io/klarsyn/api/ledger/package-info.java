/**
 * The read side of ingestion: the columnar per-customer {@link io.klarsyn.api.ledger.CustomerLedger} and the {@link io.klarsyn.api.ledger.SurveyTable} that metrics read. Implemented by the platform.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.klarsyn.api.ledger;
