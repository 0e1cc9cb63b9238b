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

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The editor's Deliveries panel in a real browser: a post-register hook's dead delivery, retried once the hook is fixed. */
class DeliveriesPanelTest {

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
    void aDeadDeliveryShowsNextToTheExecutionsAndIsRetriedFromThePanel() {
        CreatedTenant tenant = server.tenants().create("deliveries-panel", "A tenant with a failing CRM");
        ApiClient api = server.withKey(tenant.apiKey());
        String hookId = api.post("/api/hooks", "{\"name\": \"crm sync\", \"type\": \"post-register\","
                + " \"content\": \"function handle(d, cb) { cb(new Error('crm is down')); }\"}").body().path("id").asText();
        String clientId = api.post("/api/applications", "{\"name\": \"Web\", \"grantTypes\": [\"password\"]}").body()
                .path("clientId").asText();
        assertThat(server.anonymous().post("/t/deliveries-panel/signup", "{\"client_id\": \"" + clientId
                + "\", \"email\": \"ann@example.com\", \"password\": \"tulip-orbit-canyon\"}").status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/deliveries?status=dead").body().size() == 1);

        DashboardPage page = new DashboardPage(browser, server.app().port());
        browser.resize(Browser.LAPTOP);
        page.signIn(tenant.apiKey());
        page.openHook("post-register", "crm sync");

        WebDriver driver = browser.driver();
        WebElement dead = page.waiting().until(d -> d.findElement(By.cssSelector(".delivery.dead")));
        assertThat(dead.getText()).contains("dead").contains("HOOK_ERROR: crm is down");
        JsonNode hook = api.get("/api/hooks/" + hookId).body();
        assertThat(api.patch("/api/hooks/" + hookId, "{\"content\": \"function handle(d, cb) { cb(null, d); }\", \"version\": "
                + hook.path("version").asLong() + "}").status()).isEqualTo(200);

        dead.findElement(By.cssSelector(".retry-delivery")).click();

        page.waitUntil(() -> {
            if (driver.findElements(By.cssSelector(".delivery.delivered")).isEmpty()) {
                driver.findElement(By.cssSelector(".refresh-deliveries")).click();
                return false;
            }
            return true;
        });
        assertThat(driver.findElements(By.cssSelector(".retry-delivery"))).isEmpty();
        assertThat(api.get("/api/deliveries").body().get(0).path("attempts").asInt()).isEqualTo(4);
    }

    @Test
    void aHookThatCanStopItsFlowHasNoDeliveriesPanel() {
        CreatedTenant tenant = server.tenants().create("no-deliveries", "A tenant with a pre-login hook");
        server.withKey(tenant.apiKey()).post("/api/hooks", "{\"name\": \"gate\", \"type\": \"pre-login\","
                + " \"content\": \"function handle(d, cb) { cb(null, d); }\"}");
        DashboardPage page = new DashboardPage(browser, server.app().port());
        page.signIn(tenant.apiKey());
        page.openHook("pre-login", "gate");

        page.waiting().until(d -> d.findElement(By.cssSelector(".executions")));
        assertThat(browser.driver().findElement(By.cssSelector(".deliveries")).isDisplayed()).isFalse();
    }
}
