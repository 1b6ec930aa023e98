package io.klarsyn.runstore.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import io.klarsyn.api.server.ServerHome;

/** A server home in a temporary folder with a clock the test sets. */
class TestHome implements ServerHome {

    final Path home;
    final SetClock clock;

    TestHome(Path home, Instant start) {
        this.home = home;
        this.clock = new SetClock(start);
    }

    @Override
    public Path home() {
        return home;
    }

    @Override
    public String databaseUrl() {
        return "jdbc:h2:file:" + home.resolve("db/klarsyn");
    }

    @Override
    public int concurrency() {
        return 2;
    }

    @Override
    public long runTimeoutSeconds() {
        return 600;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    static final class SetClock extends Clock {
        private volatile Instant now;

        SetClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
