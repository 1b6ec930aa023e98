package io.klarsyn.api.metric;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives transactions during {@link MetricContext#rescanTransactions}. */
@ConsumerType
@FunctionalInterface
public interface TransactionVisitor {

    /**
     * @param customer the customer's row in the ledger
     * @param epochDay the transaction's day
     * @param amount its amount (negative = refund)
     */
    void visit(int customer, int epochDay, double amount);
}
