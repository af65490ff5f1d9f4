package io.postern.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SaslMechanismTest {

    @Test
    void mapsConfigAndWireNames() {
        assertThat(SaslMechanism.fromConfigName("cram-md5")).contains(SaslMechanism.CRAM_MD5);
        assertThat(SaslMechanism.fromConfigName("CRAM-MD5")).isEmpty();
        assertThat(SaslMechanism.fromWireName("cram-md5")).contains(SaslMechanism.CRAM_MD5);
        assertThat(SaslMechanism.fromWireName("Plain")).contains(SaslMechanism.PLAIN);
        assertThat(SaslMechanism.fromWireName("XOAUTH2")).isEmpty();
        assertThat(SaslMechanism.EXTERNAL.configName()).isEqualTo("external");
        assertThat(SaslMechanism.LOGIN.wireName()).isEqualTo("LOGIN");
    }
}
