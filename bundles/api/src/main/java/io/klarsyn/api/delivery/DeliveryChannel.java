package io.klarsyn.api.delivery;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type for {@link Delivery#CHANNEL}: put {@code @DeliveryChannel("folder")} on
 * the DS component instead of a raw property string.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface DeliveryChannel {

    /** Prefix that turns the annotation name {@code DeliveryChannel} into {@code klarsyn.delivery.channel}. */
    String PREFIX_ = "klarsyn.";

    /** @return the channel id */
    String value();
}
