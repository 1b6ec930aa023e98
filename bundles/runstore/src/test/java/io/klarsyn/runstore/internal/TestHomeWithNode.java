package io.klarsyn.runstore.internal;

import java.nio.file.Path;
import java.time.Instant;

/** A {@link TestHome} of one named node of a cluster. */
class TestHomeWithNode extends TestHome {

    private final String node;

    TestHomeWithNode(Path home, Instant start, String node) {
        super(home, start);
        this.node = node;
    }

    @Override
    public String nodeId() {
        return node;
    }

    @Override
    public boolean clustered() {
        return true;
    }
}
