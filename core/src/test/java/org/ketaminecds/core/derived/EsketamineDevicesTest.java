package org.ketaminecds.core.derived;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EsketamineDevicesTest {

    @Test
    void whole_multiplesOfTheDevice() {
        assertThat(EsketamineDevices.whole(28, 28)).isTrue();
        assertThat(EsketamineDevices.whole(84, 28)).isTrue();
        assertThat(EsketamineDevices.whole(42, 28)).isFalse();
        assertThat(EsketamineDevices.whole(0, 28)).as("no dose is no device").isFalse();
        assertThat(EsketamineDevices.whole(-28, 28)).isFalse();
    }
}
