package io.klarsyn.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthTest {

    @TempDir
    Path tmp;

    @Test
    void aMissingRequirementReadsAsItsNameAndVersionRange() {
        assertThat(Health.describe("osgi.wiring.package",
                "(&(osgi.wiring.package=com.example.nowhere)(version>=1.0.0)(!(version>=2.0.0)))"))
                .isEqualTo("package com.example.nowhere [1.0.0,2.0.0)");
        assertThat(Health.describe("osgi.wiring.package", "(&(osgi.wiring.package=org.x)(version>=1.2.0))"))
                .isEqualTo("package org.x 1.2.0 or later");
        assertThat(Health.describe("osgi.wiring.package", "(osgi.wiring.package=org.y)")).isEqualTo("package org.y");
        assertThat(Health.describe("osgi.wiring.bundle", "(&(osgi.wiring.bundle=b)(bundle-version>=1.0.0)(bundle-version<=1.5.0))"))
                .isEqualTo("bundle b [1.0.0,1.5.0]");
        assertThat(Health.describe("osgi.ee", "(&(osgi.ee=JavaSE)(version=21))")).isEqualTo("osgi.ee (&(osgi.ee=JavaSE)(version=21))");
    }

    @Test
    void filesThatAreNoBundlesSaySo() throws Exception {
        Path garbage = tmp.resolve("garbage.jar");
        Files.writeString(garbage, "not a jar");
        assertThat(Health.notABundle(garbage)).startsWith("not a bundle: not a jar file");
        Path plain = tmp.resolve("plain.jar");
        Files.write(plain, jar(false));
        assertThat(Health.notABundle(plain)).isEqualTo("not an OSGi bundle (its manifest has no Bundle-SymbolicName)");
        Path bundle = tmp.resolve("bundle.jar");
        Files.write(bundle, jar(true));
        assertThat(Health.notABundle(bundle)).isNull();
        assertThat(Health.files(tmp)).containsExactly(bundle, garbage, plain);
    }

    private static byte[] jar(boolean bundle) throws Exception {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (bundle) {
            mf.getMainAttributes().putValue("Bundle-SymbolicName", "com.example.ok");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JarOutputStream(out, mf).close();
        return out.toByteArray();
    }
}
