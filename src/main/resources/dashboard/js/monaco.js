// Loads the Monaco editor from its WebJar once, through Monaco's own AMD loader.
import { MONACO_BASE } from './vendor.js';
import { declarationsFor } from './declarations.js';

let loading = null;

/** Resolves to the global monaco namespace. */
export function loadMonaco() {
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = `${MONACO_BASE}/loader.js`;
    script.onerror = () => reject(new Error('the code editor could not be loaded'));
    script.onload = () => {
      // absolute, because Monaco's web workers resolve it from a blob: URL
      window.require.config({ paths: { vs: new URL(MONACO_BASE, location.origin).href } });
      window.require(['vs/editor/editor.main'], () => resolve(window.monaco), reject);
    };
    document.head.append(script);
  });
  return loading;
}

const COMMON_OPTIONS = {
  automaticLayout: true,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  fontSize: 13,
  tabSize: 2,
  renderLineHighlight: 'line',
  fixedOverflowWidgets: true,
};

/** A JavaScript editor for a hook's code, with line numbers, bracket matching and search (Ctrl/Cmd+F). */
export function codeEditor(monaco, container, value) {
  return monaco.editor.create(container, {
    ...COMMON_OPTIONS, value, language: 'javascript', glyphMargin: true, bracketPairColorization: { enabled: true },
  });
}

/** The editors whose type errors are shown (warnTypeErrors): each checks again when the declarations change. */
const typeCheckers = new Set();

/**
 * Makes the JavaScript editors know a hook type: completion and hover for data (and event, api, user, context for
 * Auth0 code) from the type's schemas, through Monaco's TypeScript worker, and its type errors (checkJs) for
 * warnTypeErrors to show. Calling it again switches the type.
 */
export function useHookDeclarations(monaco, type) {
  const javascript = monaco.languages.typescript.javascriptDefaults;
  javascript.setCompilerOptions({
    ...javascript.getCompilerOptions(), allowJs: true, checkJs: true, allowNonTsExtensions: true,
    target: monaco.languages.typescript.ScriptTarget.ESNext,
  });
  // Monaco would show type errors as errors: warnTypeErrors shows them as warnings instead. Syntax errors stay errors.
  javascript.setDiagnosticsOptions({ ...javascript.getDiagnosticsOptions(), noSemanticValidation: true });
  javascript.setExtraLibs([{ content: declarationsFor(type), filePath: 'file:///hookbox-hook.d.ts' }]);
  typeCheckers.forEach((check) => check());
}

/** "Cannot find module": the editor has no declarations of the hook's npm packages, which the server resolves. */
const UNRESOLVED_MODULE = new Set([2307, 2792]);

function diagnosticText(message) {
  return typeof message === 'string' ? message : message.messageText;
}

/**
 * Underlines the type errors of a JavaScript editor's code as warnings (a hook that reads a field its data lacks, say):
 * the semantic diagnostics of Monaco's TypeScript worker, read again a moment after each change. Returns a disposable.
 */
export function warnTypeErrors(monaco, editor) {
  const model = editor.getModel();
  let timer = null;
  let latest = 0;
  const check = async () => {
    const run = ++latest;
    const workerFor = await monaco.languages.typescript.getJavaScriptWorker();
    const worker = await workerFor(model.uri);
    const diagnostics = await worker.getSemanticDiagnostics(model.uri.toString());
    if (run !== latest || model.isDisposed()) return;
    monaco.editor.setModelMarkers(model, 'types', diagnostics
      .filter((each) => typeof each.start === 'number' && !UNRESOLVED_MODULE.has(each.code)).map((each) => {
      const start = model.getPositionAt(each.start);
      const end = model.getPositionAt(each.start + Math.max(each.length ?? 1, 1));
      return {
        severity: monaco.MarkerSeverity.Warning, message: diagnosticText(each.messageText), code: String(each.code),
        startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column,
      };
    }));
  };
  // The worker may still be starting: a check that fails is tried again a little later, a few times.
  const schedule = (retries = 5) => {
    clearTimeout(timer);
    timer = setTimeout(() => check().catch(() => {
      if (retries > 0 && !model.isDisposed()) schedule(retries - 1);
    }), retries === 5 ? 400 : 2000);
  };
  const changes = model.onDidChangeContent(() => schedule());
  typeCheckers.add(schedule);
  schedule();
  return {
    dispose() {
      clearTimeout(timer);
      changes.dispose();
      typeCheckers.delete(schedule);
    },
  };
}

/** A small JSON editor (for the context of a test run). */
export function jsonEditor(monaco, container, value) {
  return monaco.editor.create(container, {
    ...COMMON_OPTIONS, value, language: 'json', lineNumbers: 'off', folding: true, glyphMargin: false,
  });
}

/**
 * A read-only side-by-side diff of two JavaScript sources: show(original, modified) replaces what it compares.
 */
export function diffEditor(monaco, container) {
  const editor = monaco.editor.createDiffEditor(container, {
    ...COMMON_OPTIONS, readOnly: true, originalEditable: false, renderSideBySide: true, useInlineViewWhenSpaceIsLimited: false,
  });
  let models = [];
  const disposeModels = () => models.forEach((model) => model.dispose());
  return {
    show(original, modified) {
      const previous = models;
      models = [monaco.editor.createModel(original, 'javascript'), monaco.editor.createModel(modified, 'javascript')];
      editor.setModel({ original: models[0], modified: models[1] });
      previous.forEach((model) => model.dispose());
    },
    dispose() {
      editor.dispose();
      disposeModels();
    },
  };
}

/**
 * Marks a problem the server found at its line (and column, when known); the editor underlines it and shows the
 * message on hover. Each owner (save, run) keeps its own markers.
 */
export function markProblem(monaco, editor, owner, { line, column, message }) {
  const model = editor.getModel();
  const lineNumber = Math.min(Math.max(line, 1), model.getLineCount());
  const endColumn = model.getLineMaxColumn(lineNumber);
  const startColumn = column && column < endColumn ? column : model.getLineFirstNonWhitespaceColumn(lineNumber) || 1;
  monaco.editor.setModelMarkers(model, owner, [{
    severity: monaco.MarkerSeverity.Error,
    message,
    startLineNumber: lineNumber,
    startColumn,
    endLineNumber: lineNumber,
    endColumn: Math.max(endColumn, startColumn + 1),
  }]);
  editor.revealLineInCenterIfOutsideViewport(lineNumber);
}

export function clearProblems(monaco, editor, owner) {
  monaco.editor.setModelMarkers(editor.getModel(), owner, []);
}
