package io.klarsyn.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 17, machines: a data folder named with æøå (or ä, ö) gives a readable client name, not Bl_b_r_AS. */
class DefaultNamesTest {

    @Test
    void clientNameKeepsNordicLetters() {
        assertThat(Cli.defaultClientName("Blåbær AS")).isEqualTo("Blåbær AS");
        assertThat(Cli.defaultClientName("Ölands_Kök_AB")).isEqualTo("Ölands Kök AB");
        assertThat(Cli.defaultClientName("ÆØÅ-data")).isEqualTo("ÆØÅ-data");
    }

    @Test
    void jobNameSpellsLettersInAscii() {
        // æ → ae, ø → o, å → a (the ring is a combining mark after NFD), ä/ö → a/o, space → _
        assertThat(Cli.jobName("Blåbær AS")).isEqualTo("Blabaer_AS");
        assertThat(Cli.jobName("Ølands Kök AB")).isEqualTo("Olands_Kok_AB");
        assertThat(Cli.jobName("demo-2026.10")).isEqualTo("demo-2026.10");
    }
}
