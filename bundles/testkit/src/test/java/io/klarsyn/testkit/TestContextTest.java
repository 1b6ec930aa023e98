package io.klarsyn.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.klarsyn.api.metric.TransactionVisitor;

class TestContextTest {

    @Test
    void rescanPassesOnlyTheCustomersTheVisitorWants() {
        TestLedger l = TestLedger.asOf(LocalDate.of(2024, 5, 31))
                .transaction("a", "2024-01-01", 100)
                .transaction("b", "2024-01-02", 20)
                .transaction("a", "2024-03-01", -30)
                .transaction("a", "2024-06-02", 999)  // after the as-of day: left out
                .build();
        TestContext ctx = TestContext.builder(YearMonth.of(2024, 5)).ledger(l).build();
        int a = l.indexOf("a");
        List<String> all = new ArrayList<>();
        ctx.rescanTransactions((c, day, amount) -> all.add(l.customerId(c) + " " + amount));
        assertThat(all).containsExactly("a 100.0", "b 20.0", "a -30.0");

        List<String> onlyA = new ArrayList<>();
        ctx.rescanTransactions(new TransactionVisitor() {
            @Override
            public boolean wants(int customer) {
                return customer == a;
            }

            @Override
            public void visit(int customer, int epochDay, double amount) {
                onlyA.add(l.customerId(customer) + " " + amount);
            }
        });
        assertThat(onlyA).containsExactly("a 100.0", "a -30.0");
    }
}
