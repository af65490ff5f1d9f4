package io.postern.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postern.spi.SpiVersion;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModuleDescriptorTest {

    private static ModuleDescriptor withSpi(String spiVersion) {
        return new ModuleDescriptor("foo", "1.0.0", spiVersion, "test");
    }

    @Test
    void acceptsSameMajorAndNoNewerMinor() {
        assertThat(withSpi(SpiVersion.current()).isCompatible()).isTrue();
        assertThat(withSpi(SpiVersion.MAJOR + ".0").isCompatible()).isTrue();
    }

    @Test
    void refusesOtherMajorOrNewerMinor() {
        assertThat(withSpi((SpiVersion.MAJOR + 1) + ".0").isCompatible()).isFalse();
        assertThat(withSpi((SpiVersion.MAJOR - 1) + "." + SpiVersion.MINOR).isCompatible()).isFalse();
        assertThat(withSpi(SpiVersion.MAJOR + "." + (SpiVersion.MINOR + 1)).isCompatible()).isFalse();
    }

    @Test
    void readsPropertiesTrimmingValues() throws Exception {
        String properties = "# a module\nname = auth\nversion=0.1.0 \nspi-version=1.0\n";

        ModuleDescriptor descriptor = ModuleDescriptor.read(
                new ByteArrayInputStream(properties.getBytes(StandardCharsets.ISO_8859_1)), "modules/auth.jar");

        assertThat(descriptor).isEqualTo(new ModuleDescriptor("auth", "0.1.0", "1.0", "modules/auth.jar"));
        assertThat(descriptor.spiMajor()).isEqualTo(1);
        assertThat(descriptor.spiMinor()).isZero();
    }

    @Test
    void refusesMalformedSpiVersion() {
        assertThatThrownBy(() -> withSpi("1"))
                .hasMessage("spi-version: 1 (expected: MAJOR.MINOR such as " + SpiVersion.current() + ")");
    }

    @Test
    void refusesEmptyVersion() {
        assertThatThrownBy(() -> new ModuleDescriptor("foo", " ", "1.0", "test"))
                .hasMessage("version: empty (expected: the module's version)");
    }
}
