package io.hookbox.dashboard;

import io.hookbox.support.Browser;
import io.hookbox.support.FakeRegistry;
import io.hookbox.support.TestServer;
import io.hookbox.tenants.CreatedTenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The editor's Packages panel in a real browser, against a test server whose registry is on loopback. */
class PackagesPanelTest {

    @TempDir
    static Path dataDir;
    @TempDir
    static Path browserProfile;
    private static FakeRegistry registry;
    private static TestServer server;
    private static Browser browser;

    @BeforeAll
    static void start() {
        registry = new FakeRegistry();
        registry.publish(registry.version("shout-it", "1.0.0").file("index.js", "module.exports = (s) => s.toUpperCase();"));
        server = TestServer.withRegistry(dataDir, registry.url());
        browser = Browser.start(browserProfile);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
        registry.close();
    }

    @Test
    void aTenantSearchesAddsUsesUpdatesAndRemovesAPackage() {
        CreatedTenant tenant = server.tenants().create("packages-panel", "A tenant with packages");
        String id = server.withKey(tenant.apiKey()).post("/api/hooks", "{\"name\": \"shouter\", \"type\": \"post-login\","
                + " \"content\": \"const shout = require('shout-it');\\nfunction handle(d, cb) { d.user.app_metadata.said = shout('hi');"
                + " cb(null, d); }\"}").body().path("id").asText();
        DashboardPage page = new DashboardPage(browser, server.app().port());
        browser.resize(Browser.LAPTOP);
        page.signIn(tenant.apiKey());
        page.openHook("post-login", "shouter");

        WebDriver driver = browser.driver();
        driver.findElement(By.id("package-search")).sendKeys("shout");
        driver.findElement(By.cssSelector(".package-search button")).click();
        WebElement result = page.waiting().until(d -> d.findElement(By.cssSelector(".package-result[data-name='shout-it']")));
        result.findElement(By.cssSelector(".add-package")).click();
        page.waitUntil(() -> driver.findElement(By.cssSelector(".package-log")).getText().contains("integrity ok"));
        page.waitUntil(() -> !driver.findElements(By.cssSelector(".installed-package[data-name='shout-it']")).isEmpty());
        assertThat(driver.findElement(By.cssSelector(".installed-package .package-version")).getText()).isEqualTo("1.0.0");

        WebElement run = page.run();
        assertThat(run.getText()).contains("HI");

        registry.publish(registry.version("shout-it", "1.1.0").file("index.js", "module.exports = (s) => s.toUpperCase() + '!';"));
        page.openHooks();
        page.openHook("post-login", "shouter");
        WebElement update = page.waiting().until(d -> d.findElement(By.cssSelector(".installed-package .update-package")));
        assertThat(driver.findElement(By.cssSelector(".update-available")).getText()).contains("1.1.0");
        update.click();
        page.waitUntil(() -> driver.findElement(By.cssSelector(".installed-package .package-version")).getText().equals("1.1.0"));
        assertThat(page.run().getText()).contains("HI!");

        driver.findElement(By.cssSelector(".remove-package")).click();
        page.waiting().until(d -> d.findElement(By.cssSelector(".packages-none")));
        assertThat(server.withKey(tenant.apiKey()).get("/api/hooks/" + id + "/packages").body()).isEmpty();
        assertThat(browser.scriptErrors()).isEmpty();
    }
}
