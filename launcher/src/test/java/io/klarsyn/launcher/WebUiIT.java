package io.klarsyn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real headless Chromium (Debian's chromium and chromium-driver) against the real
 * server of {@code klarsyn demo}: the dashboard lists the demo job, the job page charts 12 periods,
 * "run now" shows the log growing live and then SUCCESS and the PDF, the language switch sticks, and
 * the plugins page names a broken bundle's reason.
 */
class WebUiIT {

    private static final Pattern READY = Pattern.compile("Klarsyn ready at (http://127\\.0\\.0\\.1:\\d+/)");
    /** Only stops a hung test; nothing is asserted about time. */
    private static final Duration LIMIT = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();
    private WebDriver driver;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        for (Process p : started) {
            p.destroy();
        }
        // SIGTERM stops the server cleanly; wait for it, so the home is not deleted while it still writes there
        for (Process p : started) {
            try {
                if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void dashboardJobRunLanguageAndPluginsInARealBrowser() throws Exception {
        Path home = tmp.resolve("home");
        String url = demo(home);
        YearMonth end = YearMonth.now(ZoneId.of("Europe/Oslo")).minusMonths(1);
        // A bigger client whose run takes some seconds, so that its log is seen growing while it runs.
        Dist.Run gen = Dist.klarsyn(Dist.built(), tmp, "generate", "--customers", "80000", "--months", "24", "--seed", "5",
                "--end", end.toString(), "--out", home.resolve("storfjord").toString());
        assertThat(gen.exit()).as(gen.err()).isZero();
        Files.writeString(home.resolve("jobs/storfjord.json"), """
                {
                  "connector": "csv", "locale": "en-GB", "currency": "NOK", "timeZone": "Europe/Oslo",
                  "branding": { "clientName": "Storfjord Nett AS" },
                  "settings": { "csv": { "folder": "../storfjord" } },
                  "schedule": "41 6 3 * *"
                }
                """, StandardCharsets.UTF_8);

        driver = chrome();
        WebDriverWait wait = new WebDriverWait(driver, LIMIT, Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class); // a page replaced under a lookup: look again

        logIn(url, home);

        // The dashboard lists the demo job with its last run; the new job appears within a few seconds.
        driver.get(url + "?lang=en");
        WebElement demoRow = driver.findElement(By.cssSelector("tr[data-job='nordlys-energi']"));
        assertThat(demoRow.getText()).contains("nordlys-energi", "Success");
        assertThat(demoRow.findElement(By.cssSelector("[data-status]")).getAttribute("data-status")).isEqualTo("SUCCESS");
        assertThat(demoRow.findElements(By.cssSelector("ol.strip a"))).hasSize(10);
        wait.until(d -> {
            d.navigate().refresh();
            return !d.findElements(By.cssSelector("tr[data-job='storfjord']")).isEmpty();
        });
        assertThat(driver.findElement(By.cssSelector("tr[data-job='storfjord']")).getText()).contains("Never run");

        // The demo job's page: the schedule in words, and its trend charts with the 12 periods the demo ran.
        driver.findElement(By.linkText("nordlys-energi")).click();
        assertThat(driver.getCurrentUrl()).isEqualTo(url + "jobs/nordlys-energi");
        assertThat(driver.findElement(By.cssSelector("p.schedule")).getText()).contains("of every month at", "Europe/Oslo");
        for (String kpi : List.of("customers.active", "churn.monthly.rate", "cx.nps", "clv.predicted", "rejectedShare")) {
            assertThat(driver.findElements(By.cssSelector("figure[data-kpi='" + kpi + "'] circle.point"))).as(kpi).hasSize(12);
        }
        assertThat(driver.findElements(By.cssSelector("tr[data-run]"))).hasSize(12);

        // Run now: the run's page follows the log live while it runs, then shows SUCCESS and the PDF.
        driver.get(url);
        driver.findElement(By.cssSelector("tr[data-job='storfjord'] button[type='submit']")).click();
        wait.until(d -> d.getCurrentUrl().matches(Pattern.quote(url) + "runs/\\d+"));
        String runUrl = driver.getCurrentUrl();
        int firstSeen = -1;
        boolean grewWhileRunning = false;
        String status = null;
        while (true) {
            try {
                status = driver.findElement(By.id("run-status")).getAttribute("data-status");
                int length = driver.findElement(By.id("log")).getText().length();
                if (status.equals("RUNNING") || status.equals("QUEUED")) {
                    if (firstSeen < 0) {
                        firstSeen = length;
                    } else if (length > firstSeen) {
                        grewWhileRunning = true;
                    }
                } else {
                    break;
                }
            } catch (StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
                // htmx is swapping the run in: read again
            }
            Thread.sleep(100);
        }
        assertThat(firstSeen).as("the run page was seen while the run went").isGreaterThanOrEqualTo(0);
        assertThat(grewWhileRunning).as("the log grew on the page while the run went, without a reload").isTrue();
        assertThat(driver.getCurrentUrl()).isEqualTo(runUrl);
        assertThat(status).isEqualTo("SUCCESS");
        assertThat(driver.findElement(By.id("run-status")).getText()).isEqualTo("Success");
        assertThat(driver.findElement(By.id("log")).getText()).contains("job 'storfjord'", "status SUCCESS");
        assertThat(driver.findElement(By.cssSelector("section[aria-labelledby='h-status']")).getText()).contains("By hand (web)");
        String pdf = driver.findElement(By.cssSelector("object.pdf")).getAttribute("data");
        HttpResponse<byte[]> inline = http.send(HttpRequest.newBuilder(URI.create(pdf)).header("Cookie", session()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(inline.statusCode()).isEqualTo(200);
        assertThat(inline.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(new String(inline.body(), 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        String download = driver.findElement(By.cssSelector("a[download]")).getAttribute("href");
        HttpResponse<byte[]> attached = http.send(HttpRequest.newBuilder(URI.create(download)).header("Cookie", session()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(attached.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment; filename=\"storfjord-" + end);
        assertThat(attached.body()).isEqualTo(inline.body());

        // The language switch: Norwegian, remembered on the next page without ?lang.
        driver.findElement(By.cssSelector("a[hreflang='nb']")).click();
        assertThat(driver.findElement(By.id("run-status")).getText()).isEqualTo("Vellykket");
        driver.get(url);
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Kunder og rapportene deres");
        assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("nb");
        driver.findElement(By.cssSelector("a[hreflang='sv']")).click();
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Kunder och deras rapporter");

        // A bundle that cannot resolve, dropped into deploy/: the plugins page names it and why.
        brokenBundle(home.resolve("deploy/broken-plugin.jar"));
        driver.get(url + "plugins?lang=en");
        wait.until(d -> {
            d.navigate().refresh();
            return !d.findElements(By.cssSelector("ul.failed li[data-bundle='com.example.broken']")).isEmpty();
        });
        assertThat(driver.findElement(By.cssSelector("ul.failed li[data-bundle='com.example.broken']")).getText())
                .contains("INSTALLED", "needs package", "com.example.nowhere");
        assertThat(driver.findElement(By.cssSelector("tr[data-bundle='io.klarsyn.connector-csv']")).getText()).contains("Connector csv");

        // The job editor: a bad schedule is refused at its field and nothing is saved; corrected, the job
        // is saved as the file the server reads, and the server runs it.
        driver.get(url + "jobs/new");
        driver.findElement(By.id("f-name")).sendKeys("havbris");
        driver.findElement(By.id("f-client")).sendKeys("Havbris Kraft AS");
        driver.findElement(By.id("f-folder")).sendKeys("../data");
        WebElement schedule = driver.findElement(By.id("f-schedule"));
        schedule.clear();
        schedule.sendKeys("41 25 3 * *");
        // checked as typed (htmx), by the server's own job-file reader
        wait.until(d -> d.findElements(By.cssSelector("#schedule-preview [data-preview='error']")).stream()
                .anyMatch(e -> e.getText().contains("25 is outside 0-23")));
        driver.findElement(By.xpath("//details[summary='churn']/summary")).click();
        driver.findElement(By.id("f-set-churn-minBase")).sendKeys("abc");
        // an SVG logo is refused at its field: the PDF report draws PNG or JPEG
        Path svg = Files.writeString(home.resolveSibling("havbris.svg"),
                "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>", StandardCharsets.UTF_8);
        driver.findElement(By.id("f-logo")).sendKeys(svg.toString());
        driver.findElement(By.cssSelector("form.editor button[type='submit']")).click();
        // the answer to the POST is a new page: wait for it rather than find in the old one
        WebElement field;
        try {
            field = wait.until(d -> d.findElements(By.cssSelector("div.field.invalid[data-field='schedule']"))
                    .stream().findFirst().orElse(null));
        } catch (org.openqa.selenium.TimeoutException e) {
            // what the browser shows instead, for whoever reads the failure
            Files.writeString(Path.of("target/screenshots/web-editor-failed.html"), driver.getPageSource());
            throw new AssertionError("the editor's answer has no invalid schedule field; now at " + driver.getCurrentUrl()
                    + ", page in target/screenshots/web-editor-failed.html", e);
        }
        assertThat(field.getAttribute("class")).contains("invalid");
        assertThat(field.findElement(By.cssSelector("p.error")).getText())
                .isEqualTo("schedule '41 25 3 * *': field 'hour' (2nd): 25 is outside 0-23");
        assertThat(driver.findElement(By.id("f-schedule")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(driver.findElement(By.id("f-client")).getAttribute("value")).isEqualTo("Havbris Kraft AS");
        assertThat(driver.findElement(By.id("f-logo-error")).getText())
                .isEqualTo("havbris.svg is an SVG image; the PDF report takes a PNG or JPEG logo");
        assertThat(home.resolve("jobs/havbris.json")).doesNotExist();
        driver.findElement(By.id("f-schedule")).clear();
        driver.findElement(By.id("f-schedule")).sendKeys("41 6 3 * *");
        wait.until(d -> d.findElements(By.cssSelector("#schedule-preview [data-preview='ok']")).stream()
                .anyMatch(e -> e.getText().equals("the 3rd of every month at 06:41, Europe/Oslo")));
        assertThat(driver.findElements(By.cssSelector("#schedule-preview ol.next li"))).hasSize(3);
        driver.findElement(By.cssSelector("form.editor button[type='submit']")).click();
        WebElement setting = wait.until(d -> d.findElements(By.cssSelector("div.field[data-field='set.churn.minBase']"))
                .stream().filter(e -> !e.findElements(By.cssSelector("p.error")).isEmpty()).findFirst().orElse(null));
        assertThat(setting.findElement(By.cssSelector("p.error")).getText()).isEqualTo("setting 'churn.minBase': 'abc' is not a whole number");
        assertThat(home.resolve("jobs/havbris.json")).doesNotExist();
        driver.findElement(By.id("f-set-churn-minBase")).clear();
        // a 37 x 23 px PNG: the only image in the report when it has this logo (the charts are drawn)
        Path png = home.resolveSibling("havbris.png");
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(37, 23, java.awt.image.BufferedImage.TYPE_INT_RGB);
        javax.imageio.ImageIO.write(image, "png", png.toFile());
        driver.findElement(By.id("f-logo")).sendKeys(png.toString());
        driver.findElement(By.cssSelector("form.editor button[type='submit']")).click();
        wait.until(d -> d.getCurrentUrl().equals(url + "jobs/havbris?saved=1"));
        String logo = new com.fasterxml.jackson.databind.ObjectMapper().readTree(home.resolve("jobs/havbris.json").toFile())
                .path("branding").path("logo").asText();
        assertThat(logo).matches("logos/havbris-[0-9a-f]{8}\\.png");
        assertThat(home.resolve("jobs").resolve(logo)).hasSameBinaryContentAs(png);
        assertThat(home.resolve("jobs/havbris.json")).isRegularFile();
        assertThat(driver.findElement(By.cssSelector("p.schedule")).getText()).isEqualTo("the 3rd of every month at 06:41, Europe/Oslo");
        assertThat(driver.findElements(By.cssSelector("ol.next li"))).hasSize(3);
        driver.findElement(By.cssSelector("form.run button[type='submit']")).click();
        wait.until(d -> d.getCurrentUrl().matches(Pattern.quote(url) + "runs/\\d+"));
        wait.until(d -> {
            List<WebElement> badge = d.findElements(By.cssSelector("#run-status[data-status='SUCCESS']"));
            return !badge.isEmpty();
        });
        assertThat(driver.findElement(By.cssSelector("h1")).getText()).contains("Havbris Kraft AS");
        // the run's report carries the logo on its cover
        String report = driver.findElement(By.cssSelector("object.pdf")).getAttribute("data");
        byte[] havbrisPdf = http.send(HttpRequest.newBuilder(URI.create(report)).header("Cookie", session()).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        Matcher images = Pattern.compile("/Subtype/Image[^>]*").matcher(new String(havbrisPdf, StandardCharsets.ISO_8859_1));
        List<String> found = new ArrayList<>();
        while (images.find()) {
            found.add(images.group());
        }
        assertThat(found).hasSize(1);
        assertThat(found.get(0)).contains("/Width 37", "/Height 23");
    }

    private static void brokenBundle(Path jar) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "com.example.broken");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Import-Package", "com.example.nowhere;version=\"[1.0,2)\"");
        Files.createDirectories(jar.getParent());
        Path partial = jar.resolveSibling(jar.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(partial); JarOutputStream j = new JarOutputStream(out, mf)) {
            j.flush();
        }
        Files.move(partial, jar);
    }

    /**
     * The first login in the browser: the page at /login (its screenshot under target/screenshots), the
     * initial admin password from the home, then the forced change of it; ends on the dashboard.
     */
    private void logIn(String url, Path home) throws IOException {
        driver.get(url);
        assertThat(driver.getCurrentUrl()).as("a page without login leads to /login").startsWith(url + "login");
        Path shots = Path.of("target/screenshots");
        Files.createDirectories(shots);
        Files.write(shots.resolve("web-login.png"), ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(
                org.openqa.selenium.OutputType.BYTES));
        String initial = Files.readString(home.resolve("secrets/initial-admin-password"), StandardCharsets.UTF_8).strip();
        // the security bundle's /login may be registered a moment after the API answers: until then the web UI's
        // catch-all answers "no page" there, so look again (a browser user would reload)
        new WebDriverWait(driver, LIMIT, Duration.ofMillis(200)).until(d -> {
            if (!d.findElements(By.id("username")).isEmpty()) {
                return true;
            }
            d.get(url + "login");
            return false;
        });
        driver.findElement(By.id("username")).sendKeys("admin");
        driver.findElement(By.id("password")).sendKeys(initial);
        driver.findElement(By.cssSelector("form[action='/login'] button")).click();
        // a click returns before a slow answer's page has loaded: wait for it (the first new password is the server's
        // first 600,000-iteration hash, ~0.5 s on a cold JIT), then check where it led
        awaitUrl(url + "password");
        assertThat(driver.getCurrentUrl()).as("the first login must change the password").isEqualTo(url + "password");
        driver.findElement(By.id("old")).sendKeys(initial);
        driver.findElement(By.id("new")).sendKeys(Auth.ADMIN_PASSWORD);
        driver.findElement(By.id("again")).sendKeys(Auth.ADMIN_PASSWORD);
        driver.findElement(By.cssSelector("form[action='/password'] button")).click();
        awaitUrl(url);
        assertThat(driver.getCurrentUrl()).isEqualTo(url);
        assertThat(home.resolve("secrets/initial-admin-password")).as("no password stays on disk").doesNotExist();
        assertThat(driver.findElement(By.cssSelector("form.logout a")).getText()).isEqualTo("admin");
        Files.write(shots.resolve("web-dashboard-admin.png"), ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(
                org.openqa.selenium.OutputType.BYTES));
    }

    /** Waits until the browser shows {@code expected} (the limit only stops a hung test; the caller asserts). */
    private void awaitUrl(String expected) {
        try {
            new WebDriverWait(driver, LIMIT, Duration.ofMillis(100)).until(d -> d.getCurrentUrl().equals(expected));
        } catch (org.openqa.selenium.TimeoutException e) {
            // the assertion after it names what the browser shows instead
        }
    }

    /** @return the browser's session cookie, for fetching what a page links to outside the browser */
    private String session() {
        return "KLARSYN_SESSION=" + driver.manage().getCookieNamed("KLARSYN_SESSION").getValue();
    }

    static WebDriver chrome() {
        if (!Files.isExecutable(Path.of("/usr/bin/chromium")) || !Files.isExecutable(Path.of("/usr/bin/chromedriver"))) {
            throw new AssertionError("this test drives Debian's chromium through chromium-driver: "
                    + "apt-get install chromium chromium-driver (.ci/run does)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1300,1000");
        try {
            options.addArguments("--user-data-dir=" + Files.createTempDirectory("klarsyn-chromium"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Starts {@code klarsyn demo} (serving after its 12 runs) and returns its address once the runs are done. */
    private String demo(Path home) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Dist.built().resolve("bin/klarsyn").toString(), "demo", "--home", home.toString(),
                "--port", "0").directory(tmp.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        started.add(p);
        StringBuffer output = new StringBuffer();
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            String ready = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.append(line).append('\n');
                    Matcher m = READY.matcher(line);
                    if (m.find()) {
                        ready = m.group(1);
                    }
                    if (line.startsWith("The job's runs:") && ready != null) {
                        url.complete(ready);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            url.completeExceptionally(new AssertionError("demo ended before its runs were done:\n" + output));
        });
        reader.setDaemon(true);
        reader.start();
        return url.get(300, TimeUnit.SECONDS);
    }
}
