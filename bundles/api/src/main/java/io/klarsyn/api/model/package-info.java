/**
 * The canonical CX information model (DESIGN §5): customers, transactions, survey responses, and the report period. Plain immutable records, safe to share between threads.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.klarsyn.api.model;
