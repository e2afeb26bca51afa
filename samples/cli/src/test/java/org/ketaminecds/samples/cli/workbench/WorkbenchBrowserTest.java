package org.ketaminecds.samples.cli.workbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminecds.core.KnowledgePackage;
import org.ketaminecds.fhir.ScenarioSuite;
import org.ketaminecds.fhir.bulk.BulkExportFixture;
import org.ketaminecds.rules.PackageFolder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The four views in a real browser (headless Chromium through chromedriver), as a person uses them, on a copy of the
 * bundled package; screenshots go to target/workbench-screenshots. In order: view 3 edits the folder and view 4
 * screens with the edit.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkbenchBrowserTest {

    private static final Path SCREENSHOTS = Path.of("target", "workbench-screenshots");
    private static final String ADULT_AGE_18 = "ADULT_AGE:                { value: 18,";
    private static final String ADULT_AGE_21 = "ADULT_AGE:                { value: 21,";
    private static final String RICH_SCENARIO = "scenarios/monitoring/KET-MON-013-bp-at-hold-tier-critical.yaml";

    @TempDir
    static Path temp;

    private static Path folder;
    private static Packages packages;
    private static Workbench workbench;
    private static WebDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() throws IOException {
        Path driver = onPath("chromedriver");
        Path chromium = onPath("chromium");
        if (driver == null || chromium == null) {
            fail("the browser tests need Chromium and its driver on the PATH: apt-get install chromium "
                    + "chromium-driver (.ci/run installs them when missing)");
        }
        folder = PackageFolder.copy(temp.resolve("rules"));
        packages = new Packages(folder);
        workbench = new Workbench(packages, null, null, true).start("127.0.0.1", 0);
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build(), options);
        // A bound on waiting for the page (the first round compiles the folder), not an assertion on time.
        wait = new WebDriverWait(browser, Duration.ofSeconds(240));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (workbench != null) {
            workbench.close();
        }
        if (packages != null) {
            packages.close();
        }
    }

    @Test
    @Order(1)
    void knowledge_searchARule_showsItsThresholdsAndScenarios_andLinksToItsDrlLine() throws IOException {
        open("knowledge");
        WebElement search = browser.findElement(By.id("rule-search"));
        search.sendKeys("KET-CONTRA-007");
        WebElement rule = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("rule-KET-CONTRA-007")));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("rule-KET-CONTRA-001")));
        rule.findElement(By.tagName("summary")).click();
        wait.until(d -> rule.getText().contains("scenarios pass"));
        assertThat(rule.getText()).contains("Uncontrolled or untreated hypertension at screening", "BP_TIER_A_SYSTOLIC",
                "140", "mm[Hg]", "Severity when fired: WARNING, CRITICAL", "Contraindication: RELATIVE");
        screenshot("1-knowledge");

        String drl = rule.findElement(By.partialLinkText("contraindications.drl:")).getAttribute("href");
        browser.get(drl);
        WebElement anchored = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("span.anchored")));
        assertThat(anchored.getText()).startsWith("rule \"KET-CONTRA-007");
    }

    @Test
    @Order(2)
    void tryAPatient_example_showsDispositionAndEvidenceJson_andChartsEveryReading() throws IOException {
        open("patient");
        new Select(browser.findElement(By.id("patient-choice"))).selectByValue("example:aneurysm.json");
        browser.findElement(By.id("as-of")).sendKeys("2026-03-01T08:50:00Z");
        browser.findElement(By.id("assess")).click();
        WebElement disposition = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("disposition")));
        wait.until(d -> !disposition.getText().isEmpty());
        assertThat(disposition.getText()).isEqualTo("DO_NOT_PROCEED");
        assertThat(browser.findElement(By.id("page-disclaimer")).getText())
                .startsWith("Decision support for clinicians, not decision making");
        assertThat(browser.findElement(By.id("disclaimer")).getText()).containsIgnoringCase("decision support");
        assertThat(browser.findElement(By.id("findings")).getText()).contains("KET-CONTRA-001 FIRED CRITICAL");

        browser.findElement(By.linkText("Condition/aaa")).click();
        WebElement json = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("resource-json")));
        assertThat(json.getText()).contains("\"resourceType\": \"Condition\"", "\"id\": \"aaa\"");
        browser.findElement(By.cssSelector("#resource button")).click();

        // A scenario patient with BP readings around a session: the chart has a point per reading.
        new Select(browser.findElement(By.id("patient-choice"))).selectByValue("scenario:" + RICH_SCENARIO);
        browser.findElement(By.id("assess")).click();
        wait.until(d -> chartPoints("BP systolic") == systolicReadings(RICH_SCENARIO));
        assertThat(chartPoints("BP systolic")).isGreaterThan(1);
        assertThat(browser.findElement(By.id("chart-caption")).getText())
                .contains("BP systolic: " + systolicReadings(RICH_SCENARIO));
        screenshot("2-try-a-patient");
    }

    @Test
    @Order(3)
    void editAndTest_thresholdEdit_turnsAScenarioRed_andTheFixGreen() throws IOException {
        open("edit");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".round.passed")));
        int before = newestRound();

        // An 18-year-old becomes a minor: KET-CAND-006's near-miss scenario fails, expected beside got.
        PackageFolder.edit(folder.resolve("thresholds.yaml"), ADULT_AGE_18, ADULT_AGE_21);
        WebElement red = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("round-" + (before + 1))));
        assertThat(red.getAttribute("class")).contains("failed");
        assertThat(red.getText()).contains("thresholds.yaml", "KET-CAND-006-turns-18-today-near-miss.yaml",
                "KET-CAND-006: must not fire, got FIRED CRITICAL");
        screenshot("3-edit-and-test");

        PackageFolder.edit(folder.resolve("thresholds.yaml"), ADULT_AGE_21, ADULT_AGE_18);
        WebElement green = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("round-" + (before + 2))));
        assertThat(green.getAttribute("class")).contains("passed");
        assertThat(green.findElements(By.className("scenario-failure"))).isEmpty();
    }

    @Test
    @Order(4)
    void populationImpact_ofAnEdit_listsPerRuleThePatientsThatChanged() throws IOException {
        Path examples = Path.of("examples");
        Path export = BulkExportFixture.of(List.of(examples.resolve("aneurysm.json"),
                examples.resolve("eligible-trd.json"), examples.resolve("unrecognised-medications.json")))
                .writeTo(temp.resolve("export")).dir();
        open("edit");
        int before = newestRound();
        // Adults from 50: the two patients in their forties become minors to KET-CAND-006.
        PackageFolder.edit(folder.resolve("thresholds.yaml"), ADULT_AGE_18, "ADULT_AGE:                { value: 50,");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("round-" + (before + 1))));

        open("impact");
        browser.findElement(By.id("export")).sendKeys(export.toString());
        browser.findElement(By.id("impact-as-of")).sendKeys("2026-03-01T08:50:00Z");
        browser.findElement(By.id("screen")).click();
        WebElement changes = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("table.changes")));
        WebElement row = changes.findElements(By.tagName("tr")).stream()
                .filter(r -> r.getText().startsWith("KET-CAND-006")).findFirst().orElseThrow();
        assertThat(row.getText()).contains("absent", "FIRED CRITICAL", "2", "Patient/eligible-trd",
                "Patient/unrecognised-medications").doesNotContain("Patient/aneurysm");
        assertThat(browser.findElement(By.id("impact-status")).getText()).startsWith("3 patients");
        assertThat(browser.findElement(By.cssSelector("table.matrix")).getText()).contains("DO_NOT_PROCEED");
        screenshot("4-population-impact");
    }

    private static void open(String view) {
        browser.get("http://127.0.0.1:" + workbench.port() + "/#" + view);
        browser.navigate().refresh(); // a new hash alone does not reload the page
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(view)));
    }

    private static int newestRound() {
        WebElement newest = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#rounds .round")));
        return Integer.parseInt(newest.getAttribute("id").substring("round-".length()));
    }

    private static long chartPoints(String series) {
        Object n = ((JavascriptExecutor) browser).executeScript(
                "const c = echarts.getInstanceByDom(document.getElementById('chart'));"
                        + "const s = c && c.getOption().series.find(s => s.name === arguments[0]);"
                        + "return s ? s.data.length : -1;", series);
        return ((Number) n).longValue();
    }

    /** The systolic readings of a scenario's bundle, counted from its FHIR (LOINC 8480-6), not by the workbench. */
    private static long systolicReadings(String scenario) {
        String bundle = ScenarioSuite.of(KnowledgePackage.fromClasspath()).scenarios().stream()
                .filter(s -> s.file().equals(scenario)).findFirst().orElseThrow().bundleJson();
        try {
            long count = 0;
            for (JsonNode entry : new ObjectMapper().readTree(bundle).path("entry")) {
                JsonNode r = entry.path("resource");
                if (r.path("resourceType").asText().equals("Observation")) {
                    count += systolic(r) ? 1 : 0;
                    for (JsonNode c : r.path("component")) {
                        count += systolic(c) ? 1 : 0;
                    }
                }
            }
            return count;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean systolic(JsonNode node) {
        return node.path("code").path("coding").findValuesAsText("code").contains("8480-6")
                && node.path("valueQuantity").has("value");
    }

    private static void screenshot(String name) throws IOException {
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static Path onPath(String program) {
        try (Stream<String> dirs = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))) {
            return dirs.map(d -> Path.of(d, program)).filter(Files::isExecutable).findFirst().orElse(null);
        }
    }
}
