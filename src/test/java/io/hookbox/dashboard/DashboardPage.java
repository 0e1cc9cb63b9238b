package io.hookbox.dashboard;

import io.hookbox.hooks.HookTypes;
import io.hookbox.support.Browser;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** The dashboard as a person uses it, for the browser tests: every step waits for what the person would see. */
final class DashboardPage {

    /** Finds the hook's code editor among the Monaco editors on the page. */
    private static final String CODE_EDITOR = "const editor = monaco.editor.getEditors()"
            + ".find(each => each.getContainerDomNode().id === 'code-editor');";

    private final Browser browser;
    private final ChromeDriver driver;
    private final String baseUrl;

    DashboardPage(Browser browser, int port) {
        this.browser = browser;
        this.driver = browser.driver();
        this.baseUrl = "http://localhost:" + port + "/";
    }

    WebDriverWait waiting() {
        return browser.waiting();
    }

    void waitUntil(BooleanSupplier condition) {
        waiting().until(driver -> condition.getAsBoolean());
    }

    /** Opens the dashboard in a fresh session (no key kept from an earlier test) at its sign-in screen. */
    DashboardPage openSignedOut() {
        driver.get(baseUrl);
        driver.executeScript("sessionStorage.clear()");
        driver.navigate().refresh();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
        return this;
    }

    DashboardPage signIn(String apiKey) {
        openSignedOut();
        enterKey(apiKey);
        waitForHooksPage();
        return this;
    }

    void enterKey(String apiKey) {
        WebElement input = driver.findElement(By.id("api-key"));
        input.clear();
        input.sendKeys(apiKey, Keys.ENTER);
    }

    void waitForHooksPage() {
        waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".type-section"), HookTypes.all().size()));
    }

    void reload() {
        driver.navigate().refresh();
    }

    void openHooks() {
        driver.get(baseUrl + "#/hooks");
        waitForHooksPage();
    }

    WebElement section(String type) {
        return driver.findElement(By.cssSelector(".type-section[data-type='" + type + "']"));
    }

    /** The names in a type's table, top to bottom. */
    List<String> hookNames(String type) {
        return section(type).findElements(By.cssSelector("tr.hook-row .hook-name")).stream().map(WebElement::getText).toList();
    }

    void waitForNames(String type, String... names) {
        waiting().until(driver -> hookNames(type).equals(List.of(names)));
    }

    WebElement row(String type, String name) {
        return section(type).findElement(By.xpath(".//tr[contains(@class, 'hook-row')][.//a[normalize-space() = '" + name + "']]"));
    }

    /** Drags a row by its handle and drops it on the upper half of another row, as a mouse user does. */
    void dragAbove(String type, String dragged, String target) {
        WebElement handle = row(type, dragged).findElement(By.cssSelector(".drag-handle"));
        WebElement targetRow = row(type, target);
        int quarter = targetRow.getSize().getHeight() / 4;
        new Actions(driver)
                .clickAndHold(handle)
                .moveByOffset(0, -5)
                .moveToElement(targetRow, 0, -quarter)
                .moveToElement(targetRow, 0, -quarter - 2)
                .release()
                .perform();
    }

    void waitUntilSaved(String type) {
        waiting().until(driver -> section(type).getAttribute("aria-busy") == null);
    }

    String sectionMessage(String type) {
        WebElement message = waiting().until(driver -> section(type).findElement(By.cssSelector(".message.error")));
        return message.getText();
    }

    void openNewHook(String type) {
        section(type).findElement(By.cssSelector(".new-hook")).click();
        waitForEditor();
    }

    void openHook(String type, String name) {
        row(type, name).findElement(By.cssSelector(".hook-name")).click();
        waitForEditor();
    }

    void waitForEditor() {
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#code-editor .view-line")));
    }

    void setName(String name) {
        WebElement input = driver.findElement(By.id("hook-name"));
        input.clear();
        input.sendKeys(name);
    }

    String code() {
        return (String) script(CODE_EDITOR + "return editor.getValue();");
    }

    /** Puts a whole script in the code editor, as pasting it would. */
    void replaceCode(String code) {
        script(CODE_EDITOR + "editor.setValue(arguments[0]);", code);
    }

    /** Types at the end of the code with the keyboard. */
    void typeAtEndOfCode(CharSequence... keys) {
        driver.findElement(By.cssSelector("#code-editor .view-lines")).click();
        WebElement input = driver.switchTo().activeElement();
        input.sendKeys(Keys.chord(Keys.CONTROL, Keys.END));
        input.sendKeys(keys);
    }

    int lineOf(String text) {
        return ((Number) script(CODE_EDITOR + "return editor.getModel().findMatches(arguments[0], false, false, true, null, false)[0]"
                + ".range.startLineNumber;", text)).intValue();
    }

    /** The problems the dashboard marked in the code editor: owner, line and message of each. */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> markers(String owner) {
        return (List<Map<String, Object>>) script(CODE_EDITOR
                + "return monaco.editor.getModelMarkers({owner: arguments[0], resource: editor.getModel().uri})"
                + ".map(m => ({line: m.startLineNumber, message: m.message}));", owner);
    }

    /** Whether the code editor underlines an error somewhere. */
    boolean showsErrorUnderline() {
        return !driver.findElements(By.cssSelector("#code-editor .squiggly-error")).isEmpty();
    }

    /** The code one side ({@code original} or {@code modified}) of the history's diff editor shows. */
    String diffSide(String side) {
        return (String) script("const diff = monaco.editor.getDiffEditors()[0];"
                + "return diff && diff.getModel() ? diff.getModel()[arguments[0]].getValue() : '';", side);
    }

    void setSeed(String seed) {
        openRunContext();
        WebElement input = driver.findElement(By.id("run-seed"));
        input.clear();
        input.sendKeys(seed);
    }

    void setContext(String json) {
        openRunContext();
        script("monaco.editor.getEditors().find(each => each.getContainerDomNode().classList.contains('context-editor'))"
                + ".setValue(arguments[0]);", json);
    }

    private void openRunContext() {
        WebElement details = driver.findElement(By.cssSelector(".run-context"));
        if (details.getAttribute("open") == null) {
            details.findElement(By.tagName("summary")).click();
        }
    }

    void save() {
        driver.findElement(By.cssSelector(".save-hook")).click();
    }

    void waitForSaved() {
        waiting().until(driver -> !driver.findElement(By.cssSelector(".dirty-flag")).isDisplayed()
                && driver.getCurrentUrl().matches(".*#/hooks/[0-9a-f-]{36}$"));
    }

    String editorMessage() {
        return waiting().until(driver -> driver.findElement(By.cssSelector(".editor-message.error"))).getText();
    }

    /** Runs the code in the editor and waits for the new result. */
    WebElement run() {
        List<WebElement> before = driver.findElements(By.cssSelector(".run-output .run-result"));
        driver.findElement(By.cssSelector(".run-hook")).click();
        return waitForNewResult(before);
    }

    WebElement rerunSameSeed() {
        List<WebElement> before = driver.findElements(By.cssSelector(".run-output .run-result"));
        driver.findElement(By.cssSelector(".run-output .rerun")).click();
        return waitForNewResult(before);
    }

    private WebElement waitForNewResult(List<WebElement> before) {
        return waiting().until(driver -> driver.findElements(By.cssSelector(".run-output .run-result")).stream()
                .filter(result -> !before.contains(result)).findFirst().orElse(null));
    }

    /** Each console line of a result: level and message. */
    List<String> consoleLines(WebElement result) {
        return result.findElements(By.cssSelector(".console-line")).stream()
                .map(line -> line.findElement(By.cssSelector(".console-level")).getText().toLowerCase() + " "
                        + line.findElement(By.cssSelector(".console-message")).getText())
                .toList();
    }

    String seedOf(WebElement result) {
        return result.findElement(By.cssSelector(".run-seed code")).getText();
    }

    String inputOf(WebElement result) {
        return (String) script("return arguments[0].querySelector('.run-input pre').textContent;", result);
    }

    String resultJson(WebElement result) {
        return result.findElement(By.cssSelector("pre.json")).getText();
    }

    void goBackToHooks() {
        driver.findElement(By.cssSelector(".back-link")).click();
    }

    WebElement confirmDialog() {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dialog#confirm[open]")));
    }

    void answerConfirm(boolean confirm) {
        confirmDialog().findElement(By.cssSelector(confirm ? ".confirm-ok" : ".confirm-cancel")).click();
        waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("dialog#confirm[open]")));
    }

    String currentUrl() {
        return driver.getCurrentUrl();
    }

    WebElement find(String css) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }
}
