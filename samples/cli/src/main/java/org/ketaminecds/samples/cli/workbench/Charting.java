package org.ketaminecds.samples.cli.workbench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Apache ECharts from its webjar on the class path, whatever version the build pinned (the parent pom). */
final class Charting {

    private static final String WEBJAR = "META-INF/resources/webjars/echarts/";
    private static final String POM = "META-INF/maven/org.webjars.npm/echarts/pom.properties";

    private Charting() {
    }

    /** The minified script: the page loads it from this server, never from a CDN. */
    static InputStream script() {
        ClassLoader loader = Charting.class.getClassLoader();
        try (InputStream pom = loader.getResourceAsStream(POM)) {
            if (pom == null) {
                throw new IllegalStateException("the echarts webjar is not on the class path");
            }
            Properties p = new Properties();
            p.load(pom);
            return loader.getResourceAsStream(WEBJAR + p.getProperty("version") + "/dist/echarts.min.js");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
