package io.hookbox.sandbox.worker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ModuleImportsTest {

    @Test
    void everyFormOfImportBecomesARequireOnTheSameLines() {
        String code = "import _ from 'lodash';\nimport { a, b as c } from \"pkg\";\nimport * as ns from '@s/n';\n"
                + "import d, { e } from 'mixed';\nimport 'side-effect';\nimport {\n  f,\n  g\n} from 'multi';\nexport function handle() {}";
        String rewritten = ModuleImports.rewrite(code);
        assertThat(rewritten.lines().count()).isEqualTo(code.lines().count());
        assertThat(rewritten)
                .contains("const _ = ((m) => m && m.__esModule ? m.default : m)(require('lodash'));")
                .contains("const { a, b: c } = require('pkg');")
                .contains("const ns = require('@s/n');")
                .contains("const d = ((m) => m && m.__esModule ? m.default : m)(__hookbox_import_d); const { e } = __hookbox_import_d;")
                .contains("require('side-effect');")
                .contains("const { f, g } = require('multi');")
                .endsWith("export function handle() {}")
                .doesNotContain("import ");
    }
}
