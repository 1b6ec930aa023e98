/**
 * The server's own contracts: the job registry (job files), the run store (history, artifacts,
 * trends), the run queue, the scheduler, the plugin manager and the database schema. All are provider types the server bundles implement
 * and talk to each other through; plugins and other bundles may call them.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package io.klarsyn.api.server;
