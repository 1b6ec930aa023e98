package io.klarsyn.api.metric;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Component property type for {@link MetricCalculator#ID}: {@code @MetricId("churn")} on the DS
 * component sets {@code klarsyn.metric.id=churn}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface MetricId {

    /** Prefix that turns the annotation name {@code MetricId} into {@code klarsyn.metric.id}. */
    String PREFIX_ = "klarsyn.";

    /** @return the metric id */
    String value();
}
