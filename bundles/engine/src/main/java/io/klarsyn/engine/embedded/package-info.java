/**
 * <b>Internal SPI of the engine, for Klarsyn's test kit.</b> The engine's own ingestion, ledger,
 * survey table, rescan and settings, run in memory: {@link io.klarsyn.engine.embedded.EmbeddedIngestion}
 * and {@link io.klarsyn.engine.embedded.EmbeddedSettings}. The test kit
 * ({@code io.klarsyn.testkit}) builds its ledgers and settings with them, so that a plugin's unit
 * tests compute on exactly what a report run computes. Plugins use the test kit, not this package.
 *
 * <p>Versioned on its own (0.x: no compatibility promise between minor versions): the test kit of
 * a release goes with the engine of that release.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package io.klarsyn.engine.embedded;
