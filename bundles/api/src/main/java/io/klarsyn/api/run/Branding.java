package io.klarsyn.api.run;

/**
 * How the report looks for one client.
 *
 * @param clientName the client's name for the cover and page headers, e.g. "Fjordkraft Demo AS";
 *        {@code null} = the job name
 * @param logo PNG or JPEG bytes of the logo, or {@code null}
 * @param color the brand colour as {@code #RRGGBB}, or {@code null} for the default
 */
public record Branding(String clientName, byte[] logo, String color) {

    /** No branding. */
    public static final Branding NONE = new Branding(null, null, null);
}
