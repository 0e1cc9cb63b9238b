package io.hookbox.sandbox.worker;

import io.hookbox.sandbox.HookPackages;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The host side of a run's {@code require}: resolves specifiers inside the run's packages ({@link ModuleFiles}) and
 * compiles module files into functions of the run's context. A module's {@link Source} is built once per worker,
 * keyed by the package's integrity and the file's path, so the engine parses it once. One per run; the source cache
 * is shared and thread-safe.
 */
final class ModuleScope {

    private static final int SOURCE_CACHE_SIZE = 4_096;
    private static final Map<String, Source> SOURCES = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Source> eldest) {
            return size() > SOURCE_CACHE_SIZE;
        }
    };

    private final ModuleFiles files;
    private final Context context;

    ModuleScope(HookPackages packages, Context context) {
        this.files = new ModuleFiles(packages);
        this.context = context;
    }

    /** "=" and the module's id, or "!" and the message {@code require} throws. */
    String resolve(String from, String specifier) {
        try {
            return "=" + files.resolve(from, specifier);
        } catch (ModuleFiles.NotFound e) {
            return "!" + e.getMessage();
        }
    }

    /** The module's function {@code (exports, require, module, __filename, __dirname)}, or "J" + JSON text, or "!" + error. */
    Object load(String id) {
        HookPackages.Installed owner = files.ownerOf(id);
        if (owner == null) {
            return "!Cannot find module '" + id + "'";
        }
        try {
            if (id.endsWith(".json")) {
                return "J" + files.read(id);
            }
            return context.eval(source(owner, id));
        } catch (IOException e) {
            return "!Cannot read module '" + id + "': " + e.getMessage();
        } catch (IllegalArgumentException e) {
            return "!SyntaxError in ES module '/" + id + "': " + e.getMessage();
        }
    }

    private Source source(HookPackages.Installed owner, String id) throws IOException {
        String key = owner.integrity() + "/" + id.substring(owner.path().length() + 1);
        synchronized (SOURCES) {
            Source cached = SOURCES.get(key);
            if (cached != null) {
                return cached;
            }
        }
        // Node's module wrapper: evaluating it defines nothing global, and the module's lines stay where they are.
        // An ES module (by its file or package type, or by its import and export statements) becomes CommonJS first.
        String content = files.read(id);
        if (files.isEsm(id) || EsModuleSource.hasModuleSyntax(content)) {
            content = EsModuleSource.toCommonJs(content);
        }
        String code = "(function (exports, require, module, __filename, __dirname) {" + content + "\n})";
        // A script whatever the file's name: the engine would take a name ending in .mjs for an ES module.
        Source built = Source.newBuilder("js", code, id).mimeType("application/javascript").cached(true).buildLiteral();
        synchronized (SOURCES) {
            SOURCES.putIfAbsent(key, built);
            return SOURCES.get(key);
        }
    }
}
