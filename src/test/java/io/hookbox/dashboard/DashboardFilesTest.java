package io.hookbox.dashboard;

import io.hookbox.support.ApiClient;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's files as the server hands them out, before any browser reads them. */
class DashboardFilesTest {

    private final ApiClient anonymous = TestServer.shared().anonymous();

    @Test
    void theDashboardIsServedAtTheRootWithAPolicyThatAllowsOnlyItsOwnScripts() {
        ApiClient.Response page = anonymous.get("/");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers().get("content-type")).startsWith("text/html");
        assertThat(page.body().asText()).contains("<script type=\"module\" src=\"/js/app.js\">");
        assertThat(page.headers().get("content-security-policy")).contains("script-src 'self';").contains("frame-ancestors 'none'");
        assertThat(page.headers().get("referrer-policy")).isEqualTo("no-referrer");
    }

    @Test
    void theWebJarVersionsAreFilledInFromTheBuildAndServed() {
        String vendor = anonymous.get("/js/vendor.js").body().asText();

        assertThat(vendor).doesNotContainPattern("@[a-z.]+@");
        for (String path : vendor.lines().filter(line -> line.startsWith("export const")).map(line -> line.split("'")[1]).toList()) {
            String file = path.endsWith(".js") ? path : path + "/loader.js";
            assertThat(anonymous.get(file).status()).as(file).isEqualTo(200);
        }
    }

    @Test
    void unknownPathsAreStillJsonErrors() {
        ApiClient.Response missing = anonymous.get("/no-such-page");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.error()).isEqualTo("not_found");
    }
}
