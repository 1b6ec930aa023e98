package io.klarsyn.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArgsTest {

    @Test
    void argsRejectUnknownOptionsAndKeepRepeatedSets() {
        Args a = Args.parse(new String[] {"report", "--period", "2024-05", "--set", "a.b=1", "--set=c.d=x,y"}, 1);
        assertThat(a.sets()).containsExactly("a.b=1", "c.d=x,y");
        assertThat(a.value("period")).isEqualTo("2024-05");
        assertThatThrownBy(() -> a.allow("set")).hasMessage("unknown option --period (see --help)");
        assertThatThrownBy(() -> Args.month("2024-5", "--period")).hasMessageContaining("YYYY-MM");
    }
}
