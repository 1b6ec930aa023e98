package io.klarsyn.engine.internal;

import java.util.List;

import io.klarsyn.api.ledger.SurveyTable;

/** The immutable, columnar survey table {@link SurveyBuilder} produces. */
final class ColumnarSurveyTable implements SurveyTable {

    private final int size;
    private final int[] day;
    private final int[] customer;
    private final int[] nps;
    private final int[] csat;
    private final int[] ces;
    private final List<String> drivers;
    private final double[][] driverValues;
    private final int[] touchpoint;
    private final List<String> touchpoints;

    ColumnarSurveyTable(int size, int[] day, int[] customer, int[] nps, int[] csat, int[] ces, List<String> drivers,
            double[][] driverValues, int[] touchpoint, List<String> touchpoints) {
        this.size = size;
        this.day = day;
        this.customer = customer;
        this.nps = nps;
        this.csat = csat;
        this.ces = ces;
        this.drivers = List.copyOf(drivers);
        this.driverValues = driverValues;
        this.touchpoint = touchpoint;
        this.touchpoints = List.copyOf(touchpoints);
    }

    static ColumnarSurveyTable empty() {
        return new ColumnarSurveyTable(0, new int[0], new int[0], new int[0], new int[0], new int[0], List.of(),
                new double[0][], new int[0], List.of());
    }

    @Override
    public int size() {
        return size;
    }

    private void check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("response " + i + " of " + size);
        }
    }

    @Override
    public int day(int i) {
        check(i);
        return day[i];
    }

    @Override
    public int customer(int i) {
        check(i);
        return customer[i];
    }

    @Override
    public int nps(int i) {
        check(i);
        return nps[i];
    }

    @Override
    public int csat(int i) {
        check(i);
        return csat[i];
    }

    @Override
    public int ces(int i) {
        check(i);
        return ces[i];
    }

    @Override
    public List<String> drivers() {
        return drivers;
    }

    @Override
    public double driver(int d, int i) {
        check(i);
        return driverValues[d][i];
    }

    @Override
    public String touchpoint(int i) {
        check(i);
        int c = touchpoint[i];
        return c < 0 ? null : touchpoints.get(c);
    }
}
