package io.klarsyn.api.model;

import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/**
 * One row of {@code responses.csv}: a survey answer.
 *
 * <p>Scores use the integer {@link #MISSING} when the respondent left them blank; a blank score
 * is not an error and never removes the response from the other scores.
 *
 * @param date the day the response was given; never {@code null}
 * @param customerId the respondent's customer key, or {@code null} for anonymous responses
 * @param nps likelihood to recommend, 0–10, or {@link #MISSING}
 * @param csat satisfaction, 1–5, or {@link #MISSING}
 * @param ces customer effort, 1–7 (7 = very easy), or {@link #MISSING}
 * @param drivers driver ratings by driver name <em>without</em> the {@code driver.} prefix
 *        (e.g. {@code trust}, {@code problem_solving}); blank ratings are left out of the map.
 *        The scale is the survey's own (commonly 1–10 or 1–5); it is the same for every driver
 *        of one job.
 * @param touchpoint where the experience happened (e.g. {@code web}, {@code store}), or {@code null}
 * @param comment free text, or {@code null}
 */
public record SurveyResponseRecord(LocalDate date, String customerId, int nps, int csat, int ces,
        Map<String, Double> drivers, String touchpoint, String comment) {

    /** The value of a score that was left blank. */
    public static final int MISSING = Integer.MIN_VALUE;

    public SurveyResponseRecord {
        Objects.requireNonNull(date, "date");
        drivers = drivers == null ? Map.of() : Map.copyOf(drivers);
    }
}
