package io.klarsyn.plugins.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.klarsyn.api.server.PluginManager.Missing;

/** The dry run's header reading and requirement checks, on a plain bundle manifest without a framework. */
class ResolutionTest {

    @Test
    void clausesKeepQuotedCommasAndSplitDirectives() {
        List<Headers.Clause> c = Headers.parse("a.b;c.d;version=\"[1.1,2)\";resolution:=optional, e.f,"
                + "osgi.extender;filter:=\"(&(osgi.extender=osgi.component)(version>=1.5.0))\"");
        assertThat(c).hasSize(3);
        assertThat(c.get(0).names()).containsExactly("a.b", "c.d");
        assertThat(c.get(0).attributes()).containsEntry("version", "[1.1,2)");
        assertThat(c.get(0).directives()).containsEntry("resolution", "optional");
        assertThat(c.get(1).names()).containsExactly("e.f");
        assertThat(c.get(2).directives()).containsEntry("filter", "(&(osgi.extender=osgi.component)(version>=1.5.0))");
    }

    @Test
    void namesEveryMissingRequirementAndSkipsOptionalOnesAndOwnExports() {
        Map<String, String> headers = Map.of(
                "Bundle-SymbolicName", "com.example.plugin;singleton:=true",
                "Bundle-Version", "1.2.0",
                "Import-Package", "com.example.nowhere;version=\"[1.0,2)\",com.example.own,java.util,"
                        + "com.example.maybe;resolution:=optional",
                "Export-Package", "com.example.own;version=\"1.0\"",
                "Require-Bundle", "com.example.lib;bundle-version=\"[2,3)\"",
                "Require-Capability", "osgi.extender;filter:=\"(osgi.extender=osgi.component)\","
                        + "osgi.service;filter:=\"(objectClass=x.Y)\";effective:=active");
        List<Missing> missing = Resolution.of(new org.osgi.framework.Bundle[0], -1).missing(headers);
        assertThat(missing).extracting(Missing::requirement).containsExactly(
                "package com.example.nowhere [1.0.0,2.0.0)",
                "bundle com.example.lib [2.0.0,3.0.0)",
                "capability osgi.extender (osgi.extender=osgi.component)");
        assertThat(missing.get(0).bundle()).isEqualTo("com.example.plugin 1.2.0");
        assertThat(missing.get(0).message())
                .isEqualTo("com.example.plugin 1.2.0 needs package com.example.nowhere [1.0.0,2.0.0), which no installed bundle provides");
    }

    @Test
    void aPackageAtAnotherVersionIsNamedWithWhatTheServerHas() {
        Missing m = new Missing("p 1.0.0", "osgi.wiring.package", "package io.klarsyn.api.metric [1.1.0,2.0.0)",
                "io.klarsyn.api.metric 1.0.0 (from io.klarsyn.api 0.1.0.SNAPSHOT)");
        assertThat(m.message()).isEqualTo("p 1.0.0 needs package io.klarsyn.api.metric [1.1.0,2.0.0); the server has "
                + "io.klarsyn.api.metric 1.0.0 (from io.klarsyn.api 0.1.0.SNAPSHOT) (the plugin was built against a newer or other API)");
    }

    @Test
    void noBundleIsRefusedWithTheReason() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.util.jar.Manifest mf = new java.util.jar.Manifest();
        mf.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(bytes, mf)) {
            out.flush();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PluginManagerService.manifest(bytes.toByteArray()))
                .hasMessage("not a bundle: the manifest has no Bundle-SymbolicName or no Bundle-ManifestVersion: 2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PluginManagerService.manifest("not a jar".getBytes()))
                .hasMessageStartingWith("not a bundle: not a jar file");
    }
}
