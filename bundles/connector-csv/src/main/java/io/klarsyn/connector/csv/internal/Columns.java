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
    static final String NPS = "nps";
    static final String CSAT = "csat";
    static final String CES = "ces";
    static final String TOUCHPOINT = "touchpoint";
    static final String COMMENT = "comment";
    static final String DRIVER_PREFIX = "driver.";

    static final Set<String> CUSTOMERS = Set.of(CUSTOMER_ID, ACQUIRED_ON, CHURNED_ON);
    static final Set<String> TRANSACTIONS = Set.of(CUSTOMER_ID, DATE, AMOUNT, QUANTITY, ORDER_ID);
    static final Set<String> RESPONSES = Set.of(DATE, CUSTOMER_ID, NPS, CSAT, CES, TOUCHPOINT, COMMENT);

    private Columns() {
    }

    static boolean isCanonical(String lower) {
        return CUSTOMERS.contains(lower) || TRANSACTIONS.contains(lower) || RESPONSES.contains(lower)
                || lower.startsWith(DRIVER_PREFIX) && lower.length() > DRIVER_PREFIX.length();
    }
}
