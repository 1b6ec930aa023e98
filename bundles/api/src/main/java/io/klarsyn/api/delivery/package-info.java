/**
 * Delivery: a finished run's report sent to the people and places that get it, exactly once per
 * (job, period, recipient, channel).
 *
 * <p>A channel is a {@link io.klarsyn.api.delivery.Delivery} service (consumer type: plugins add
 * their own, like the shipped {@code mail} and {@code folder}). The server's delivery service
 * decides what goes where and when, keeps each delivery's state in the database, retries transient
 * failures and hands each channel one {@link io.klarsyn.api.delivery.Parcel} at a time; other
 * bundles read and trigger deliveries through {@link io.klarsyn.api.delivery.Deliveries}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.klarsyn.api.delivery;
