package org.ketaminecds.samples.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExportLinesTest {

    @Test
    void typeAndId_resourceLine_topLevelTypeAndId() {
        assertThat(ExportLines.typeAndId("{\"meta\":{\"id\":\"x\"},\"resourceType\":\"Location\",\"id\":\"l1\"}"))
                .isEqualTo("Location/l1");
        assertThat(ExportLines.typeAndId("{\"resourceType\":\"Location\"}")).isNull();
        assertThat(ExportLines.resourceType("{\"id\":\"l1\",\"resourceType\":\"Location\"}")).isEqualTo("Location");
        assertThat(ExportLines.resourceType("not json")).isNull();
    }
}
