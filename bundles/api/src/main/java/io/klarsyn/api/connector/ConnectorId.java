package io.klarsyn.api.connector;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type for {@link DataConnector#ID}: put {@code @ConnectorId("csv")} on the
 * DS component instead of a raw property string.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ConnectorId {

    /** Prefix that turns the annotation name {@code ConnectorId} into {@code klarsyn.connector.id}. */
    String PREFIX_ = "klarsyn.";

    /** @return the connector id */
    String value();
}
