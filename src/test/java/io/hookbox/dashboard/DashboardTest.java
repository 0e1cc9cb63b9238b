package io.hookbox.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.hooks.HookTypes;
import io.hookbox.support.ApiClient;
import io.hookbox.support.Browser;
import io.hookbox.support.TestRuntime;
import io.hookbox.support.TestServer;
import io.hookbox.tenants.CreatedTenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard in a real browser (headless Chromium), against the real API on a test server. */
class DashboardTest {

    private static final AtomicInteger tenants = new AtomicInteger();

    @TempDir
    static Path dataDir;
    @TempDir
    static Path browserProfile;
    private static TestServer server;
    private static Browser browser;

    private String tenantId;
    private String apiKey;
    private ApiClient api;
    private DashboardPage page;

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

    @BeforeEach
    void newTenant() {
        CreatedTenant tenant = server.tenants().create("dashboard-" + tenants.incrementAndGet(), "A dashboard test tenant");
        tenantId = tenant.id();
        apiKey = tenant.apiKey();
        api = server.withKey(apiKey);
        page = new DashboardPage(browser, server.app().port());
        browser.resize(Browser.LAPTOP);
    }

    @AfterEach
    void pageRanWithoutScriptErrors() {
        assertThat(browser.scriptErrors()).isEmpty();
    }

    @Test
    void aWrongKeyIsRefusedAndTheRightOneShowsASectionPerHookType() {
        page.openSignedOut();
        browser.screenshot("sign-in");
        page.enterKey("hbk_not-a-key");
        assertThat(page.find(".signin .message.error").getText()).contains("not valid");

        page.enterKey(apiKey);
        page.waitForHooksPage();

        List<String> titles = browser.driver().findElements(By.cssSelector(".type-section h2")).stream().map(WebElement::getText).toList();
        assertThat(titles).isEqualTo(HookTypes.all().stream().map(type -> type.title() + " " + type.id()).toList());
        assertThat(page.section("pre-register").getText()).contains("Runs before a new user is saved");
        assertThat(browser.driver().getCurrentUrl()).doesNotContain(apiKey);
    }

    @Test
    void signingOutForgetsTheKey() {
        page.signIn(apiKey);

        browser.driver().findElement(By.id("sign-out")).click();

        page.find("#api-key");
        assertThat(page.script("return sessionStorage.length")).isEqualTo(0L);
        page.reload();
        page.find("#api-key");
    }

    @Test
    void theEditorCompletesDataAndAuth0CodeFromTheTypesSchemas() {
        page.signIn(apiKey);
        page.openNewHook("post-login");
        assertThat(page.find("#hook-template").getText()).contains("Add a roles claim (action)");

        page.replaceCode("/** @param {HookData} data @param {HookCallback} callback */\nfunction handle(data, callback) {\n  \n}\n");
        typeInCodeAt(3, 3, "data.user.");
        assertThat(suggestions()).contains("email");
        page.replaceCode("/** @param {HookData} data @param {HookCallback} callback */\nfunction handle(data, callback) {\n  data.user.email;\n}\n");
        assertThat(hoverAt(3, 14)).contains("The user's email address.");

        page.replaceCode("/** @param {Auth0Event} event @param {Auth0Api} api */\n"
                + "exports.onExecutePostLogin = async (event, api) => {\n  \n};\n");
        typeInCodeAt(3, 3, "api.access.");
        assertThat(suggestions()).contains("deny");

        new Select(page.find("#hook-type")).selectByValue("pre-login");
        page.replaceCode("/** @param {HookData} data @param {HookCallback} callback */\nfunction handle(data, callback) {\n  \n}\n");
        typeInCodeAt(3, 3, "data.context.");
        assertThat(suggestions()).contains("passwordVerified");
    }

    @Test
    void theEditorUnderlinesTypeErrorsAsWarnings() {
        page.signIn(apiKey);
        page.openNewHook("post-login");
        page.replaceCode("/** @param {HookData} data @param {HookCallback} callback */\nfunction handle(data, callback) {\n"
                + "  const address = data.user.emial;\n  callback(null, data);\n}\n");
        assertThat(typeWarning("emial")).contains("Property 'emial' does not exist");

        page.replaceCode("/** @param {Auth0Event} event @param {Auth0Api} api */\n"
                + "exports.onExecutePostLogin = async (event, api) => {\n  api.acess.deny(event.user.email);\n};\n");
        assertThat(typeWarning("acess")).contains("Property 'acess' does not exist");

        page.replaceCode("/** @param {RuleUser} user @param {RuleContext} context @param {RuleCallback} callback */\n"
                + "function rule(user, context, callback) {\n  context.idToken['https://example.com/c'] = context.clientId;\n"
                + "  callback(null, user, context);\n}\n");
        assertThat(typeWarning("clientId")).contains("Property 'clientId' does not exist");

        page.replaceCode("/** @param {HookData} data @param {HookCallback} callback */\nfunction handle(data, callback) {\n"
                + "  require('x'); secrets.TOKEN; hookbox.users.exists(data.user.email).then(() => callback(null, data));\n}\n");
        String messages = "return monaco.editor.getModelMarkers({ owner: 'types' }).map(marker => marker.message)";
        slowWaiting().until(driver -> ((List<?>) page.script(messages)).stream().noneMatch(m -> m.toString().contains("clientId")));
        assertThat((List<?>) page.script(messages)).isEmpty();
    }

    /** Type checking starts Monaco's TypeScript worker, which takes its time on a busy machine. */
    private org.openqa.selenium.support.ui.WebDriverWait slowWaiting() {
        return new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(90));
    }

    /** The message of the warning the editor shows for a type error about {@code word}, once it shows one. */
    private String typeWarning(String word) {
        String markers = "return monaco.editor.getModelMarkers({ owner: 'types' })"
                + ".filter(marker => marker.message.includes(arguments[0]))";
        slowWaiting().until(driver -> !((List<?>) page.script(markers + ".map(marker => marker.message)", word)).isEmpty());
        assertThat((List<?>) page.script(markers + ".map(marker => marker.severity)", word))
                .allMatch(severity -> severity.equals(page.script("return monaco.MarkerSeverity.Warning")));
        assertThat(page.script("return monaco.editor.getModelMarkers({}).filter(m => m.severity === monaco.MarkerSeverity.Error).length"))
                .isEqualTo(0L);
        return String.join("\n", ((List<?>) page.script(markers + ".map(marker => marker.message)", word)).stream()
                .map(String::valueOf).toList());
    }

    /** Types {@code text} with the keyboard at a line and column of the code editor. */
    private void typeInCodeAt(int line, int column, String text) {
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript("const editor = monaco.editor.getEditors()"
                + ".find(each => each.getContainerDomNode().id === 'code-editor');"
                + "editor.focus(); editor.setPosition({ lineNumber: arguments[0], column: arguments[1] });", line, column);
        browser.driver().switchTo().activeElement().sendKeys(text);
    }

    /** The labels the editor's suggestion list shows, once it shows some. */
    private List<String> suggestions() {
        By rows = By.cssSelector("#code-editor .suggest-widget.visible .monaco-list-row .label-name");
        page.waiting().until(driver -> !driver.findElements(rows).isEmpty());
        return browser.driver().findElements(rows).stream().map(WebElement::getText).toList();
    }

    /** What the editor's hover shows for the code at a line and column. */
    private String hoverAt(int line, int column) {
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript("const editor = monaco.editor.getEditors()"
                + ".find(each => each.getContainerDomNode().id === 'code-editor');"
                + "editor.focus(); editor.setPosition({ lineNumber: arguments[0], column: arguments[1] });"
                + "editor.trigger('test', 'editor.action.showHover', {});", line, column);
        By hover = By.cssSelector(".monaco-hover:not(.hidden) .hover-contents");
        page.waiting().until(driver -> driver.findElements(hover).stream().anyMatch(each -> !each.getText().isBlank()));
        return browser.driver().findElements(hover).stream().map(WebElement::getText).reduce("", String::concat);
    }

    @Test
    void aHookCreatedInTheEditorIsListedUnderItsTypeAndStored() {
        page.signIn(apiKey);
        page.openNewHook("pre-register");
        assertThat(page.code()).contains("function handle(data, callback) {").contains("// Pre-register hook")
                .contains(HookTypes.PRE_REGISTER.example().getFirst());
        assertThat(page.find("#hook-on-error").getAttribute("value")).isEqualTo("deny");

        page.setName("lower-case emails");
        page.replaceCode("function handle(data, callback) {\n  data.user.email = data.user.email.toLowerCase();\n  callback(null, data);\n}\n");
        page.save();
        page.waitForSaved();
        page.goBackToHooks();
        page.waitForHooksPage();

        assertThat(page.hookNames("pre-register")).containsExactly("lower-case emails");
        assertThat(page.hookNames("pre-login")).isEmpty();
        JsonNode stored = api.get("/api/hooks?type=pre-register").body().get(0);
        assertThat(stored.path("name").asText()).isEqualTo("lower-case emails");
        assertThat(stored.path("content").asText()).contains("toLowerCase()");
        assertThat(stored.path("enabled").asBoolean()).isTrue();
    }

    @Test
    void draggingAHookAboveAnotherSavesTheNewOrder() {
        create("pre-login", "first");
        create("pre-login", "second");
        create("pre-login", "third");
        page.signIn(apiKey);
        page.waitForNames("pre-login", "first", "second", "third");

        page.dragAbove("pre-login", "third", "first");

        page.waitForNames("pre-login", "third", "first", "second");
        page.waitUntilSaved("pre-login");
        page.reload();
        page.waitForHooksPage();
        page.waitForNames("pre-login", "third", "first", "second");
        assertThat(namesFromApi("pre-login")).containsExactly("third", "first", "second");
    }

    @Test
    void aReorderTheServerRefusesPutsTheRowsBackAndSaysWhy() {
        create("post-login", "alpha");
        create("post-login", "beta");
        page.signIn(apiKey);
        page.waitForNames("post-login", "alpha", "beta");
        create("post-login", "added elsewhere");

        page.dragAbove("post-login", "beta", "alpha");

        assertThat(page.sectionMessage("post-login")).contains("not saved").contains("changed elsewhere");
        page.waitForNames("post-login", "alpha", "beta");
        assertThat(namesFromApi("post-login")).containsExactly("alpha", "beta", "added elsewhere");
    }

    @Test
    void keyboardUsersMoveAHookWithItsButtons() {
        create("post-register", "welcome mail");
        create("post-register", "crm sync");
        create("post-register", "audit");
        page.signIn(apiKey);

        WebElement moveUp = page.row("post-register", "audit").findElement(By.cssSelector(".move-up"));
        moveUp.sendKeys(Keys.ENTER);
        page.waitForNames("post-register", "welcome mail", "audit", "crm sync");
        page.waitUntilSaved("post-register");
        assertThat(browser.driver().switchTo().activeElement().getAttribute("aria-label")).isEqualTo("Move audit up");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);

        page.waitForNames("post-register", "audit", "welcome mail", "crm sync");
        page.waitUntilSaved("post-register");
        assertThat(namesFromApi("post-register")).containsExactly("audit", "welcome mail", "crm sync");
        assertThat(page.row("post-register", "audit").findElement(By.cssSelector(".move-up")).isEnabled()).isFalse();
    }

    @Test
    void aSyntaxErrorIsMarkedAtItsLineWhenSaving() {
        String id = create("pre-login", "deny blocked domains");
        page.signIn(apiKey);
        page.openHook("pre-login", "deny blocked domains");

        page.typeAtEndOfCode(Keys.ENTER, "let broken = ;");
        page.save();

        String message = page.editorMessage();
        int line = page.lineOf("let broken = ;");
        assertThat(message).contains("SYNTAX_ERROR").contains("line " + line);
        assertThat(page.markers("hookbox-save")).singleElement().satisfies(marker -> {
            assertThat(((Number) marker.get("line")).intValue()).isEqualTo(line);
            assertThat((String) marker.get("message")).startsWith("SYNTAX_ERROR");
        });
        page.waitUntil(page::showsErrorUnderline);
        browser.screenshot("editor-syntax-error");
        assertThat(api.get("/api/hooks/" + id).body().path("content").asText()).doesNotContain("broken");
    }

    @Test
    void runningAHookShowsItsConsoleAndResultAndReRunsTheSameSeed() {
        create("post-login", "add plan claim");
        page.signIn(apiKey);
        page.openHook("post-login", "add plan claim");
        page.replaceCode("""
                function handle(data, callback) {
                  console.log('signing in', data.user.email);
                  console.warn('no plan yet, using %s', 'free');
                  data.context.accessToken['https://example.com/plan'] = 'free';
                  callback(null, data);
                }
                """);

        WebElement result = page.run();

        assertThat(result.findElement(By.cssSelector(".badge")).getText()).isEqualTo("Succeeded");
        assertThat(page.consoleLines(result)).hasSize(2);
        assertThat(page.consoleLines(result).get(0)).startsWith("log signing in ").contains("@");
        assertThat(page.consoleLines(result).get(1)).isEqualTo("warn no plan yet, using free");
        assertThat(page.resultJson(result)).contains("\"https://example.com/plan\": \"free\"");
        assertThat(result.findElement(By.cssSelector(".run-duration")).getText()).matches("\\d+ ms");

        String seed = page.seedOf(result);
        String input = page.inputOf(result);
        WebElement again = page.rerunSameSeed();
        assertThat(page.seedOf(again)).isEqualTo(seed);
        assertThat(page.inputOf(again)).isEqualTo(input);
    }

    @Test
    void aRunUsesTheEditedContextAndShowsTheErrorAtItsLine() {
        page.signIn(apiKey);
        page.openNewHook("pre-login");
        page.replaceCode("""
                function handle(data, callback) {
                  if (data.user.email.endsWith('@blocked.example')) {
                    return callback(new Error('blocked: ' + data.user.email));
                  }
                  callback(null, data);
                }
                """);
        page.setContext("{\"user\": {\"email\": \"eve@blocked.example\"}}");

        WebElement result = page.run();

        assertThat(result.findElement(By.cssSelector(".badge")).getText()).isEqualTo("Failed: HOOK_ERROR");
        assertThat(result.findElement(By.cssSelector(".run-error")).getText())
                .contains("blocked: eve@blocked.example").contains("line 3");
        assertThat(page.markers("hookbox-run")).singleElement()
                .satisfies(marker -> assertThat(((Number) marker.get("line")).intValue()).isEqualTo(3));
    }

    @Test
    void runningAllHooksOfATypeShowsEachStepInOrder() {
        create("post-login", "add roles", """
                function handle(data, callback) {
                  data.context.idToken.roles = ['admin'];
                  console.info('roles added');
                  callback(null, data);
                }""");
        create("post-login", "add plan", """
                function handle(data, callback) {
                  data.context.idToken.plan = data.context.idToken.roles.length ? 'team' : 'free';
                  callback(null, data);
                }""");
        create("pre-login", "unrelated");
        page.signIn(apiKey);

        page.section("post-login").findElement(By.cssSelector(".run-all")).click();

        WebElement pipeline = page.find(".type-section[data-type='post-login'] .pipeline-panel");
        List<String> steps = pipeline.findElements(By.cssSelector(".pipeline-step .step-name")).stream().map(WebElement::getText).toList();
        assertThat(steps).containsExactly("add roles", "add plan");
        assertThat(pipeline.findElements(By.cssSelector(".pipeline-step .badge")))
                .extracting(WebElement::getText).containsExactly("Succeeded", "Succeeded");
        assertThat(pipeline.findElement(By.cssSelector(".pipeline-step .console-message")).getText()).isEqualTo("roles added");
        assertThat(pipeline.findElement(By.cssSelector(".pipeline-result pre")).getText()).contains("\"plan\": \"team\"");
    }

    @Test
    void leavingWithUnsavedEditsAsksFirst() {
        String id = create("pre-register", "normalise names");
        page.signIn(apiKey);
        page.openHook("pre-register", "normalise names");
        page.typeAtEndOfCode(Keys.ENTER, "// more to do");

        page.goBackToHooks();
        assertThat(page.confirmDialog().getText()).contains("Leave without saving?");
        page.answerConfirm(false);
        assertThat(page.currentUrl()).endsWith("#/hooks/" + id);
        assertThat(page.code()).contains("// more to do");

        page.goBackToHooks();
        page.answerConfirm(true);
        page.waitForHooksPage();
        assertThat(api.get("/api/hooks/" + id).body().path("content").asText()).doesNotContain("more to do");
    }

    @Test
    void reloadingWithUnsavedEditsMakesTheBrowserAskFirst() {
        create("pre-register", "normalise names");
        page.signIn(apiKey);
        page.openHook("pre-register", "normalise names");
        assertThat(reloadIsHeldBack()).as("a reload without edits").isFalse();

        page.typeAtEndOfCode(Keys.ENTER, "// more to do");

        // WebDriver accepts "leave this page?" prompts by itself, so the test sees the page asking for one
        assertThat(reloadIsHeldBack()).as("a reload with unsaved edits").isTrue();
    }

    @Test
    void aChangeMadeElsewhereMeanwhileIsExplainedAndCanBeOverwritten() {
        String id = create("post-register", "notify");
        page.signIn(apiKey);
        page.openHook("post-register", "notify");
        api.patch("/api/hooks/" + id, "{\"description\": \"changed in another tab\", \"version\": 1}");

        page.typeAtEndOfCode(Keys.ENTER, "// mine");
        page.save();

        assertThat(page.editorMessage()).contains("changed elsewhere").contains("version 2");
        browser.driver().findElement(By.cssSelector(".editor-message .overwrite")).click();
        page.waitForSaved();
        JsonNode stored = api.get("/api/hooks/" + id).body();
        assertThat(stored.path("content").asText()).contains("// mine");
        assertThat(stored.path("version").asLong()).isEqualTo(3);
    }

    @Test
    void aHookIsDisabledFromTheListAndDeletedOnlyAfterConfirmation() {
        String id = create("pre-login", "temporary");
        page.signIn(apiKey);

        page.row("pre-login", "temporary").findElement(By.cssSelector(".switch")).click();
        page.waitUntil(() -> !api.get("/api/hooks/" + id).body().path("enabled").asBoolean());

        page.openHook("pre-login", "temporary");
        browser.driver().findElement(By.cssSelector(".delete-hook")).click();
        page.answerConfirm(false);
        assertThat(api.get("/api/hooks/" + id).status()).isEqualTo(200);
        browser.driver().findElement(By.cssSelector(".delete-hook")).click();
        page.answerConfirm(true);

        page.waitForHooksPage();
        assertThat(page.hookNames("pre-login")).isEmpty();
        assertThat(api.get("/api/hooks/" + id).status()).isEqualTo(404);
    }

    @Test
    void theEditorSaysWhenAHookHasNoExecutionsYet() {
        create("pre-login", "quiet");
        page.signIn(apiKey);
        page.openHook("pre-login", "quiet");

        assertThat(page.find(".executions .executions-none").getText()).startsWith("No executions yet");
    }

    @Test
    void theEditorShowsTheHooksRecentExecutionsFromRealSignIns() {
        create("pre-login", "audit", "function handle(data, callback) {\n  console.log('sign-in of', data.user.email);\n  callback(null, data);\n}\n");
        String clientId = api.post("/api/applications", "{\"name\": \"Web\", \"type\": \"public\", \"grantTypes\": [\"password\"]}").body().path("clientId").asText();
        ApiClient anonymous = server.anonymous();
        String credentials = "\"client_id\": \"" + clientId + "\", \"password\": \"tulip-orbit-canyon\"";
        assertThat(anonymous.post("/t/" + tenantId + "/signup", "{" + credentials + ", \"email\": \"ana@example.com\"}").status()).isEqualTo(201);
        assertThat(anonymous.post("/t/" + tenantId + "/login", "{" + credentials + ", \"username\": \"ana@example.com\"}").status()).isEqualTo(200);

        page.signIn(apiKey);
        page.openHook("pre-login", "audit");

        WebElement row = page.find(".executions tr.execution.success");
        assertThat(row.getText()).contains("ms").contains("flw_");
        row.findElement(By.cssSelector("summary")).click();
        assertThat(page.find(".executions details").getText()).contains("sign-in of ana@example.com");
    }

    @Test
    void theMainScreensAreShownAtLaptopAndTabletWidths() {
        create("pre-login", "deny blocked domains", "Blocks sign-ins from domains on the deny list", """
                function handle(data, callback) {
                  const domain = data.user.email.split('@')[1];
                  if (['blocked.example', 'spam.example'].includes(domain)) {
                    return callback(new Error('Sign-in from ' + domain + ' is not allowed'));
                  }
                  callback(null, data);
                }""");
        create("pre-login", "require verified email", "Only verified addresses may sign in", """
                function handle(data, callback) {
                  if (!data.user.email_verified) return callback(new Error('Verify your email first'));
                  callback(null, data);
                }""");
        create("post-login", "add roles", "Copies the user's roles into the ID token", """
                function handle(data, callback) {
                  data.context.idToken.roles = data.user.app_metadata.roles || ['member'];
                  console.info('roles', data.context.idToken.roles.join(', '));
                  callback(null, data);
                }""");
        create("post-login", "add plan claim", "Puts the user's plan into the access token", """
                function handle(data, callback) {
                  console.log('plan for', data.user.id);
                  data.context.accessToken['https://example.com/plan'] = data.user.app_metadata.plan || 'free';
                  callback(null, data);
                }""");
        create("pre-register", "lower-case emails", "Saves every email in lower case", """
                function handle(data, callback) {
                  data.user.email = data.user.email.toLowerCase();
                  callback(null, data);
                }""");
        page.signIn(apiKey);
        browser.screenshot("hooks");

        page.openHook("post-login", "add plan claim");
        page.setSeed("1");
        browser.driver().findElement(By.cssSelector(".run-context summary")).click();
        page.run();
        browser.screenshot("editor-run");
        browser.driver().findElement(By.cssSelector(".run-panel .run-all")).click();
        page.find(".run-output .pipeline-step.current");
        browser.screenshot("pipeline-run");
        browser.resize(Browser.TABLET);
        page.run();
        browser.screenshot("editor-tablet");
        assertThat(page.find(".run-panel").getLocation().getY())
                .as("at tablet width the run panel is below the code")
                .isGreaterThan(page.find("#code-editor").getLocation().getY());
    }

    /** Reloads the page and tells whether it asked the browser to confirm leaving it first. */
    private boolean reloadIsHeldBack() {
        page.script("addEventListener('beforeunload', event => sessionStorage.setItem('test.heldBack', event.defaultPrevented))");
        page.script("window.testBeforeReload = true; location.reload()");
        page.waitUntil(() -> page.script("return window.testBeforeReload") == null);
        page.waitForEditor();
        return Boolean.parseBoolean((String) page.script("return sessionStorage.getItem('test.heldBack')"));
    }

    private String create(String type, String name) {
        return create(type, name, "", "function handle(data, callback) {\n  callback(null, data);\n}\n");
    }

    private String create(String type, String name, String content) {
        return create(type, name, "", content);
    }

    private String create(String type, String name, String description, String content) {
        ApiClient.Response created = api.post("/api/hooks", TestRuntime.JSON.createObjectNode()
                .put("type", type).put("name", name).put("description", description).put("content", content).toString());
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.body().path("id").asText();
    }

    @Test
    void aTenantCreatesAnApplicationSeesItsSecretOnceAndDeletesIt() {
        page.signIn(apiKey);
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
    }

    @Test
    void savingKeepsADraftThatOnlyDeployMakesLive() {
        String id = create("pre-login", "gate");
        page.signIn(apiKey);
        page.openHook("pre-login", "gate");
        assertThat(page.find(".deploy-state").getText()).isEqualTo("Deployed: version 1");

        page.typeAtEndOfCode(Keys.ENTER, "// next");
        page.save();
        page.waitForSaved();
        page.waitUntil(() -> page.find(".deploy-state").getText().equals("Draft differs from deployed version 1"));
        JsonNode stored = api.get("/api/hooks/" + id).body();
        assertThat(stored.path("content").asText()).contains("// next");
        assertThat(stored.path("deployedVersion").asInt()).isEqualTo(1);

        page.typeAtEndOfCode(Keys.ENTER, "// and more");
        browser.driver().findElement(By.id("deploy-note")).sendKeys("allow the new domain");
        browser.driver().findElement(By.cssSelector(".deploy-hook")).click();
        page.waitUntil(() -> page.find(".deploy-state").getText().equals("Deployed: version 2"));
        JsonNode latest = api.get("/api/hooks/" + id + "/versions").body().get(0);
        assertThat(latest.path("note").asText()).isEqualTo("allow the new domain");
        assertThat(api.get("/api/hooks/" + id + "/versions/2").body().path("source").asText()).contains("// next", "// and more");
        assertThat(page.find(".versions-table .version-row.is-live .version-note").getText()).isEqualTo("allow the new domain");
    }

    @Test
    void theHistoryDiffsAnyTwoVersionsAndRollsBackAfterConfirming() {
        String id = create("post-login", "claims", "function handle(data, callback) {\n  callback(null, data); // one\n}\n");
        api.patch("/api/hooks/" + id, "{\"content\": \"function handle(data, callback) {\\n  callback(null, data); // two\\n}\\n\", \"version\": 1}");
        api.patch("/api/hooks/" + id, "{\"content\": \"function handle(data, callback) {\\n  callback(null, data); // three\\n}\\n\", \"version\": 2}");
        page.signIn(apiKey);
        page.openHook("post-login", "claims");

        WebDriver driver = browser.driver();
        page.waitUntil(() -> driver.findElements(By.cssSelector(".version-row")).size() == 3);
        assertThat(page.find(".version-row.is-live .version-number").getText()).startsWith("#3");
        assertThat(page.find(".version-row .digest").getText()).hasSize(12);
        new Select(driver.findElement(By.id("diff-from"))).selectByValue("1");
        new Select(driver.findElement(By.id("diff-to"))).selectByValue("3");
        driver.findElement(By.cssSelector(".show-diff")).click();
        page.waitUntil(() -> page.diffSide("original").contains("// one") && page.diffSide("modified").contains("// three"));
        assertThat(page.find(".diff-caption").getText()).isEqualTo("Left: version 1. Right: version 3.");

        page.find(".version-row[data-number='1'] .rollback").click();
        page.answerConfirm(false);
        assertThat(api.get("/api/hooks/" + id).body().path("deployedVersion").asInt()).isEqualTo(3);
        page.find(".version-row[data-number='1'] .rollback").click();
        assertThat(page.confirmDialog().getText()).contains("Roll back to version 1?");
        page.answerConfirm(true);

        page.waitUntil(() -> driver.findElements(By.cssSelector(".version-row")).size() == 4);
        JsonNode stored = api.get("/api/hooks/" + id).body();
        assertThat(stored.path("deployedVersion").asInt()).isEqualTo(4);
        assertThat(api.get("/api/hooks/" + id + "/versions/4").body().path("source").asText()).contains("// one");
        page.waitUntil(() -> page.code().contains("// one"));
        assertThat(page.find(".deploy-state").getText()).isEqualTo("Deployed: version 4");
        assertThat(driver.findElement(By.cssSelector(".dirty-flag")).isDisplayed()).isFalse();
    }

    @Test
    void theAuditPageListsChangesNewestFirstAPageAtATime() {
        for (int i = 1; i <= 26; i++) {
            api.post("/api/applications", "{\"name\": \"App " + i + "\", \"type\": \"public\", \"grantTypes\": [\"password\"]}");
        }
        String id = create("pre-login", "audited");
        page.signIn(apiKey);
        WebDriver driver = browser.driver();

        driver.findElement(By.cssSelector("#top-nav a[href='#/audit']")).click();
        assertThat(page.find(".audit-page h1").getText()).isEqualTo("Audit trail");
        assertThat(page.find("#top-nav a[href='#/audit']").getDomAttribute("aria-current")).isEqualTo("page");
        page.waitUntil(() -> driver.findElements(By.cssSelector(".audit-row")).size() == 25);
        List<WebElement> rows = driver.findElements(By.cssSelector(".audit-row"));
        assertThat(rows.get(0).findElement(By.cssSelector(".audit-action")).getText()).isEqualTo("hook.deployed");
        assertThat(rows.get(0).findElement(By.cssSelector(".audit-hook")).getText()).isEqualTo("version 1");
        assertThat(rows.get(1).findElement(By.cssSelector(".audit-summary")).getText()).contains("created the pre-login hook 'audited'");
        assertThat(rows.get(2).findElement(By.cssSelector(".audit-summary")).getText()).contains("App 26");

        driver.findElement(By.cssSelector(".older-events")).click();
        page.waitUntil(() -> driver.findElements(By.cssSelector(".audit-row")).size() == 28);
        assertThat(driver.findElements(By.cssSelector(".audit-row")).getLast().getText()).contains("application.created", "App 1'");
        assertThat(driver.findElement(By.cssSelector(".older-events")).isDisplayed()).isFalse();

        rows.get(0).findElement(By.cssSelector(".audit-hook")).click();
        page.waitForEditor();
        assertThat(page.currentUrl()).endsWith("#/hooks/" + id);
    }

    @Test
    void anApplicationsNameGrantsAndScopesAreEditedInPlace() {
        String clientId = api.post("/api/applications", "{\"name\": \"Billing\", \"grantTypes\": [\"password\"]}").body()
                .path("clientId").asText();
        page.signIn(apiKey);
        WebDriver driver = browser.driver();
        driver.findElement(By.cssSelector("#top-nav a[href='#/applications']")).click();

        page.find(".application-row .edit-application").click();
        WebElement scopes = page.find(".edit-row .edit-scopes");
        scopes.sendKeys("bad\"scope");
        driver.findElement(By.cssSelector(".edit-row .save-application")).click();
        assertThat(page.find(".edit-row .message.error").getText()).contains("bad\"scope");
        scopes.clear();
        scopes.sendKeys("read:invoices");
        driver.findElement(By.id("edit-grant-" + clientId + "-client_credentials")).click();
        WebElement name = driver.findElement(By.cssSelector(".edit-row .edit-name"));
        name.clear();
        name.sendKeys("Billing service");
        driver.findElement(By.cssSelector(".edit-row .save-application")).click();

        WebElement row = page.find(".application-row");
        assertThat(row.findElement(By.cssSelector(".application-name")).getText()).isEqualTo("Billing service");
        assertThat(row.findElement(By.cssSelector(".application-scopes")).getText()).isEqualTo("read:invoices");
        assertThat(row.findElement(By.cssSelector(".application-grants")).getText()).isEqualTo("password, client_credentials");
        JsonNode stored = api.get("/api/applications/" + clientId).body();
        assertThat(stored.path("scopes").toString()).isEqualTo("[\"read:invoices\"]");
        assertThat(stored.path("name").asText()).isEqualTo("Billing service");
    }

    @Test
    void theSecretsPanelAddsReplacesAndDeletesSecretsWhoseValuesItNeverShows() {
        String id = create("post-login", "with-secrets");
        String value = "sk_live_value-the-page-never-shows";
        page.signIn(apiKey);
        page.openHook("post-login", "with-secrets");
        WebDriver driver = browser.driver();
        assertThat(page.find(".secrets .secrets-none").getText()).startsWith("No secrets yet");

        WebElement valueInput = driver.findElement(By.id("secret-value"));
        assertThat(valueInput.getDomAttribute("type")).isEqualTo("password");
        driver.findElement(By.id("secret-name")).sendKeys("not a name");
        valueInput.sendKeys(value);
        driver.findElement(By.id("secret-save")).click();
        assertThat(page.find(".secrets .message.error").getText()).contains("letter or _");
        driver.findElement(By.id("secret-name")).clear();
        driver.findElement(By.id("secret-name")).sendKeys("CRM_TOKEN");
        driver.findElement(By.id("secret-save")).click();
        WebElement row = page.waiting().until(d -> d.findElement(By.cssSelector(".secret[data-name='CRM_TOKEN']")));
        assertThat(row.getText()).contains("CRM_TOKEN").doesNotContain(value);
        assertThat(driver.findElement(By.id("secret-value")).getDomProperty("value")).isEmpty();
        String firstSet = api.get("/api/hooks/" + id + "/secrets").body().get(0).path("updatedAt").asText();

        row.findElement(By.cssSelector(".replace-secret")).click();
        assertThat(driver.findElement(By.id("secret-name")).getDomProperty("value")).isEqualTo("CRM_TOKEN");
        driver.findElement(By.id("secret-value")).sendKeys("another value");
        driver.findElement(By.id("secret-save")).click();
        page.waitUntil(() -> !api.get("/api/hooks/" + id + "/secrets").body().get(0).path("updatedAt").asText().equals(firstSet));
        assertThat(server.secrets().valuesOf(tenantId, id)).containsEntry("CRM_TOKEN", "another value");
        page.reload();
        page.waiting().until(d -> d.findElement(By.cssSelector(".secret[data-name='CRM_TOKEN']")));
        assertThat(driver.getPageSource()).doesNotContain(value).doesNotContain("another value");

        page.find(".secret[data-name='CRM_TOKEN'] .delete-secret").click();
        page.answerConfirm(true);
        page.find(".secrets .secrets-none");
        assertThat(api.get("/api/hooks/" + id + "/secrets").body()).isEmpty();
    }

    private List<String> namesFromApi(String type) {
        return StreamSupport.stream(api.get("/api/hooks?type=" + type).body().spliterator(), false)
                .map(hook -> hook.path("name").asText()).toList();
    }
}
