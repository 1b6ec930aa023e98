/**
 * The read side of ingestion: the columnar per-customer {@link io.klarsyn.api.ledger.CustomerLedger} and the {@link io.klarsyn.api.ledger.SurveyTable} that metrics read. Implemented by the platform.
 *
 * <p>1.1.0 adds {@link io.klarsyn.api.ledger.CustomerLedger#asOf(int)}: the ledger as of the previous month's end and a year before.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package io.klarsyn.api.ledger;
