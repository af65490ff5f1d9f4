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
        assertThat(SaslMechanism.fromWireName("xoauth2")).contains(SaslMechanism.XOAUTH2);
        assertThat(SaslMechanism.fromWireName("SCRAM-SHA-1")).isEmpty();
        assertThat(SaslMechanism.EXTERNAL.configName()).isEqualTo("external");
        assertThat(SaslMechanism.LOGIN.wireName()).isEqualTo("LOGIN");
    }
}
