package io.hookbox.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.support.ApiClient;
import io.hookbox.support.Browser;
import io.hookbox.support.TestServer;
import io.hookbox.tenants.CreatedTenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's Applications page in a real browser, against the real API on a test server. */
class ApplicationsPageTest {

    @TempDir
    static Path dataDir;
    @TempDir
    static Path browserProfile;
    private static TestServer server;
    private static Browser browser;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
        browser = Browser.start(browserProfile);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
    }

    @Test
    void aTenantCreatesAnApplicationSeesItsSecretOnceAndDeletesIt() {
        CreatedTenant tenant = server.tenants().create("applications-page", "A tenant with applications");
        ApiClient api = server.withKey(tenant.apiKey());
        DashboardPage page = new DashboardPage(browser, server.app().port());
        browser.resize(Browser.LAPTOP);
        page.signIn(tenant.apiKey());
        WebDriver driver = browser.driver();

        driver.findElement(By.cssSelector("#top-nav a[href='#/applications']")).click();
        assertThat(page.find(".applications-page h1").getText()).isEqualTo("Applications");
        assertThat(page.find(".applications-table .empty-row").getText()).contains("No applications");

        driver.findElement(By.id("application-name")).sendKeys("Billing service");
        driver.findElement(By.id("grant-client_credentials")).click();
        WebElement scopes = driver.findElement(By.id("application-scopes"));
        scopes.sendKeys("read:invoices, bad\"scope");
        driver.findElement(By.cssSelector(".create-application")).click();
        assertThat(page.find(".new-application .message.error").getText()).contains("bad\"scope");
        assertThat(api.get("/api/applications").body()).isEmpty();

        scopes.clear();
        scopes.sendKeys("read:invoices, write:invoices read:invoices");
        driver.findElement(By.cssSelector(".create-application")).click();
        String secret = page.find(".created-secret .client-secret").getText();
        assertThat(secret).startsWith("hbs_");
        WebElement row = page.waiting().until(d -> d.findElement(By.cssSelector(".application-row")));
        String clientId = row.getDomAttribute("data-client-id");
        assertThat(row.findElement(By.cssSelector(".application-scopes")).getText()).isEqualTo("read:invoices write:invoices");
        assertThat(row.findElement(By.cssSelector(".application-grants")).getText()).isEqualTo("password, client_credentials");
        assertThat(row.findElement(By.cssSelector(".application-type")).getText()).isEqualTo("confidential");
        JsonNode stored = api.get("/api/applications/" + clientId).body();
        assertThat(stored.path("scopes").toString()).isEqualTo("[\"read:invoices\",\"write:invoices\"]");
        page.reload();
        page.waitUntil(() -> driver.findElements(By.cssSelector(".client-secret")).isEmpty()
                && !driver.findElements(By.cssSelector(".application-row")).isEmpty());
        assertThat(driver.getPageSource()).doesNotContain(secret);

        new Select(driver.findElement(By.id("application-type"))).selectByValue("public");
        assertThat(driver.findElement(By.id("grant-client_credentials")).isEnabled()).isFalse();
        driver.findElement(By.id("application-name")).sendKeys("   ");
        driver.findElement(By.cssSelector(".create-application")).click();
        assertThat(page.find(".new-application .message.error").getText()).contains("field 'name' is required");

        page.find(".application-row .delete-application").click();
        page.answerConfirm(false);
        assertThat(driver.findElements(By.cssSelector(".application-row"))).hasSize(1);
        page.find(".application-row .delete-application").click();
        assertThat(page.confirmDialog().getText()).contains(clientId);
        page.answerConfirm(true);
        page.find(".applications-table .empty-row");
        assertThat(api.get("/api/applications/" + clientId).status()).isEqualTo(404);
        assertThat(browser.scriptErrors()).isEmpty();
    }
}
