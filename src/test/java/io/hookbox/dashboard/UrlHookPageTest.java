package io.hookbox.dashboard;

import io.hookbox.support.ApiClient;
import io.hookbox.support.Browser;
import io.hookbox.support.TestServer;
import io.hookbox.support.WebhookReceiver;
import io.hookbox.tenants.CreatedTenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A URL hook made in the dashboard: no code editor, its signing secret shown once with a copy button, a header whose
 * value is never shown again, a test call, a rotation, and its deliveries beside its executions.
 */
class UrlHookPageTest {

    @TempDir
    static Path dataDir;
    @TempDir
    static Path browserProfile;
    private static WebhookReceiver receiver;
    private static TestServer server;
    private static Browser browser;

    @BeforeAll
    static void start() {
        receiver = new WebhookReceiver();
        server = TestServer.withUrlHooks(dataDir, TestServer.UrlHookEgress.loopback(List.of(receiver.hostPort()),
                host -> {
                    throw new java.net.UnknownHostException(host);
                }, 3_000));
        browser = Browser.start(browserProfile);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
        receiver.close();
    }

    @Test
    void aUrlHookIsMadeWithItsSecretShownOnceThenTestedAndItsSecretRotated() {
        CreatedTenant tenant = server.tenants().create("url-hook-page", "A tenant with a CRM endpoint");
        ApiClient api = server.withKey(tenant.apiKey());
        String path = receiver.endpoint(WebhookReceiver.answering(204, ""));
        DashboardPage page = new DashboardPage(browser, server.app().port());
        browser.resize(Browser.LAPTOP);
        page.signIn(tenant.apiKey());
        WebDriver driver = browser.driver();

        page.section("post-register").findElement(By.cssSelector(".new-url-hook")).click();
        page.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("url-hook-url")));
        assertThat(driver.findElements(By.id("code-editor"))).isEmpty();
        assertThat(driver.findElement(By.id("url-hook-async")).isSelected()).as("post-register is always after the fact").isTrue();
        driver.findElement(By.id("url-hook-name")).sendKeys("crm");
        driver.findElement(By.id("url-hook-url")).sendKeys(receiver.url(path));
        driver.findElement(By.cssSelector(".add-header")).click();
        driver.findElement(By.cssSelector(".header-name")).sendKeys("X-Api-Key");
        driver.findElement(By.cssSelector(".header-value")).sendKeys("k-123");
        driver.findElement(By.cssSelector(".save-url-hook")).click();

        WebElement secret = page.waiting().until(d -> d.findElement(By.cssSelector(".signing-secret .secret-value")));
        assertThat(secret.getText()).startsWith("whsec_");
        assertThat(driver.findElement(By.cssSelector(".copy-secret")).isDisplayed()).isTrue();
        String hookId = api.get("/api/hooks").body().get(0).path("id").asText();
        assertThat(driver.getCurrentUrl()).endsWith("#/hooks/" + hookId);
        assertThat(driver.findElement(By.cssSelector(".header-note")).getText()).contains("X-Api-Key").doesNotContain("k-123");
        String first = secret.getText();

        driver.findElement(By.cssSelector(".test-url-hook")).click();
        assertThat(page.waiting().until(d -> d.findElement(By.cssSelector(".url-test-status"))).getText()).contains("Answered 204");
        assertThat(receiver.received(path)).hasSize(1);
        assertThat(receiver.received(path).getFirst().signedWith(first)).isTrue();
        assertThat(driver.findElement(By.cssSelector(".deliveries")).isDisplayed()).isTrue();

        driver.findElement(By.cssSelector(".rotate-secret")).click();
        page.waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("#confirm .confirm-ok"))).click();
        page.waitUntil(() -> !driver.findElement(By.cssSelector(".signing-secret .secret-value")).getText().equals(first));
        assertThat(driver.findElement(By.cssSelector(".signing-secret .secret-value")).getText()).startsWith("whsec_");

        driver.navigate().refresh();
        page.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("url-hook-url")));
        assertThat(driver.findElements(By.cssSelector(".signing-secret .secret-value"))).as("shown once only").isEmpty();
        page.openHooks();
        assertThat(page.row("post-register", "crm").findElement(By.cssSelector(".url-kind")).getText()).isEqualTo("URL");
    }
}
