package io.klarsyn.render.pdf.internal;

import com.lowagie.text.DocumentException;
import io.klarsyn.api.result.MetricResult;

/**
 * How one result type is laid out in the PDF. {@link Views} maps each result type to its view; a type without
 * a view is shown by {@link GenericView}, never dropped.
 *
 * @param <T> the result type
 */
interface ResultView<T extends MetricResult> {

    /** Lays out {@code result} at the page's current position; texts are looked up in the page's current scope. */
    void show(T result, Page page) throws DocumentException;

    /** @return the result's name in the methodology appendix, above its facts */
    default String title(T result, Page page) {
        return page.t(result.titleKey());
    }

    /** @return true for a figure laid out as a tile in a row of four with the figures beside it */
    default boolean tile() {
        return false;
    }
}
