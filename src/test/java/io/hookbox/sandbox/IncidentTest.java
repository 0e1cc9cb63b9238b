package io.hookbox.sandbox;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** An INTERNAL answer names no Java class; its details are in the log under the id the tenant is given. */
class IncidentTest {

    @Test
    void theTenantGetsAFixedMessageAndAnIdAndTheLogGetsTheDetailUnderIt() {
        List<String> log = new ArrayList<>();

        RunError error = Incident.report("hookbox failed: java.lang.NumberFormatException: For input string: \"3.5\"", log::add);

        assertThat(error.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(error.message()).doesNotContain("java.", "Exception", "3.5");
        Matcher id = Pattern.compile("\\(incident ([0-9a-f]+)\\)$").matcher(error.message());
        assertThat(id.find()).as(error.message()).isTrue();
        assertThat(log).containsExactly("incident " + id.group(1)
                + ": hookbox failed: java.lang.NumberFormatException: For input string: \"3.5\"");
        assertThat(Incident.report("again", log::add).message()).isNotEqualTo(error.message());
    }
}
