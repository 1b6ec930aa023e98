/**
 * Synthetic Klarsyn client data with known ground truth ({@code klarsyn generate}).
 * Plain Java, no OSGi services: {@link io.klarsyn.generator.Generator#generate} writes
 * customers.csv, transactions.csv, responses.csv and truth.json into a folder.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.klarsyn.generator;
