package io.klarsyn.connector.csv.internal;

import java.util.Set;

/** The canonical column names of DESIGN §5. */
final class Columns {

    static final String CUSTOMER_ID = "customer_id";
    static final String ACQUIRED_ON = "acquired_on";
    static final String CHURNED_ON = "churned_on";
    static final String DATE = "date";
    static final String AMOUNT = "amount";
    static final String QUANTITY = "quantity";
    static final String ORDER_ID = "order_id";
    /** A row identifier of transactions: unique per line (an order id is not: an order has many lines). */
    static final String LINE_ID = "line_id";
    /** A row identifier of survey responses. */
    static final String RESPONSE_ID = "response_id";
    static final String NPS = "nps";
    static final String CSAT = "csat";
    static final String CES = "ces";
    static final String TOUCHPOINT = "touchpoint";
    static final String COMMENT = "comment";
    static final String DRIVER_PREFIX = "driver.";

    /** Not a canonical column: the factor of a computed amount that {@link #likely} looks for. */
    static final String UNIT_PRICE = "unit price";

    static final Set<String> CUSTOMERS = Set.of(CUSTOMER_ID, ACQUIRED_ON, CHURNED_ON);
    static final Set<String> TRANSACTIONS = Set.of(CUSTOMER_ID, DATE, AMOUNT, QUANTITY, ORDER_ID, LINE_ID);
    static final Set<String> RESPONSES = Set.of(DATE, CUSTOMER_ID, NPS, CSAT, CES, TOUCHPOINT, COMMENT, RESPONSE_ID);

    /**
     * Headers that Norwegian, Swedish and English exports commonly give a required column, compared
     * {@link #plain}: only to suggest a mapping when the column is missing, never to map on their own
     * (a wrong guess would read the wrong column silently).
     */
    private static final java.util.Map<String, Set<String>> LIKELY = java.util.Map.of(
            CUSTOMER_ID, Set.of("kundenr", "kundenummer", "kundeid", "kunde", "kundnr", "kundnummer", "kundid", "kund",
                    "customer", "customerid", "customerno", "customernumber", "customercode", "custid", "clientid",
                    "kundekode", "kundkod", "medlemsnr", "medlemsnummer", "asiakasnumero"),
            ACQUIRED_ON, Set.of("startdato", "kundesiden", "kundefra", "registrert", "registrertdato", "opprettet",
                    "startdatum", "kundsedan", "registrerad", "registreringsdatum", "skapad", "created", "createdon",
                    "signup", "signupdate", "startdate", "acquired", "acquireddate", "since", "firstorderdate"),
            DATE, Set.of("dato", "datum", "kjøpsdato", "kjopsdato", "köpdatum", "kopdatum", "ordredato", "orderdatum",
                    "transaksjonsdato", "transaktionsdatum", "svardato", "svarsdatum", "orderdate", "purchasedate",
                    "transactiondate", "responsedate", "day", "invoicedate", "fakturadato", "fakturadatum",
                    "salgsdato", "försäljningsdatum", "forsaljningsdatum", "bestillingsdato", "beställningsdatum",
                    "tidspunkt", "tidpunkt", "timestamp", "createdat"),
            AMOUNT, Set.of("beløp", "belop", "belopp", "sum", "summa", "totalt", "total", "totalbeløp", "totalbelopp",
                    "omsetning", "revenue", "amountnok", "beløpnok", "beloppsek", "linjesum", "radsumma", "linetotal",
                    "totalprice", "sales", "salg", "försäljning", "forsaljning", "omsättning", "omsattning"),
            QUANTITY, Set.of("antall", "antal", "qty", "quantity", "mengde", "stk", "st", "units", "antallstk"),
            ORDER_ID, Set.of("invoiceno", "invoice", "invoicenumber", "invoiceid", "ordernr", "orderno", "ordernumber",
                    "ordreid", "ordrenr", "ordrenummer", "ordernummer", "fakturanr", "fakturanummer", "kvittonr",
                    "kvitteringsnr", "receiptno", "transactionid"),
            UNIT_PRICE, Set.of("unitprice", "price", "pris", "enhetspris", "stykkpris", "styckpris", "apris",
                    "àpris", "listpris", "salgspris", "försäljningspris", "priceeach"));

    private Columns() {
    }

    /** @return the header in lower case without spaces, underscores, dots or hyphens ("Kunde_nr." → "kundenr") */
    static String plain(String header) {
        return header.toLowerCase(java.util.Locale.ROOT).replaceAll("[\\s_.\\-]+", "");
    }

    /** @return the first of {@code headers} that commonly holds {@code canonical}, or null */
    static String likely(String canonical, String[] headers) {
        Set<String> names = LIKELY.get(canonical);
        if (names != null) {
            for (String h : headers) {
                if (names.contains(plain(h))) {
                    return h;
                }
            }
        }
        return null;
    }

    /**
     * Headers that name a row identifier unambiguously (Qualtrics' {@code ResponseId}), compared
     * {@link #plain}: mapped on their own.
     */
    static String alias(String header) {
        switch (plain(header)) {
            case "responseid":
                return RESPONSE_ID;
            case "lineid":
                return LINE_ID;
            default:
                return null;
        }
    }

    static boolean isCanonical(String lower) {
        return CUSTOMERS.contains(lower) || TRANSACTIONS.contains(lower) || RESPONSES.contains(lower)
                || lower.startsWith(DRIVER_PREFIX) && lower.length() > DRIVER_PREFIX.length();
    }
}
