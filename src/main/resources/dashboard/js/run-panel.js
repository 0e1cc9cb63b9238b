// The editor's test-run panel: runs the code in the editor (saved or not), or the type's whole pipeline, against
// a random context of the type, with fields the tenant pins as JSON merged over it.
import { h, fill, formatJson } from './dom.js';
import * as api from './api.js';
import { busy, button, messageArea } from './ui.js';
import { jsonEditor, markProblem, clearProblems } from './monaco.js';
import { errorLocation, hookRunView, pipelineRunView } from './run-view.js';

export const RUN_MARKERS = 'hookbox-run';

/**
 * monaco: the namespace; code: the hook's editor; hook: {type(), content(), id()} (id is null until saved);
 * reveal(line): shows a line of the code.
 */
export function runPanel({ monaco, code, hook, reveal }) {
  const output = h('div', { class: 'run-output', 'aria-live': 'polite' },
    h('p', { class: 'muted' }, 'Run the hook to see its console output and the data it returns.'));
  const message = messageArea();
  const seedInput = h('input', { id: 'run-seed', class: 'seed-input', type: 'text', inputmode: 'numeric', placeholder: 'random', autocomplete: 'off' });
  const contextHost = h('div', { class: 'context-editor' });
  const context = jsonEditor(monaco, contextHost, '');
  const runButton = button('Run', () => busy(runButton, () => run()), { kind: 'primary', className: 'run-hook', title: 'Run (Ctrl+Enter)' });
  const pipelineButton = button('Run all hooks of this type', () => busy(pipelineButton, () => runAll()), { className: 'run-all' });
  const sampleButton = button('Fill with a sample', () => busy(sampleButton, fillSample), { className: 'small' });
  const contextDetails = h('details', { class: 'run-context' },
    h('summary', {}, 'Context and seed'),
    h('div', { class: 'seed-row' },
      h('label', { for: 'run-seed' }, 'Seed'), seedInput, sampleButton),
    h('p', { class: 'muted small-text' },
      'The JSON object below is merged over the random context: pin only the fields your hook cares about, or fill it '
      + 'with a whole sample and edit it. Leave it empty for a fully random context.'),
    contextHost);

  function readSeed() {
    const text = seedInput.value.trim();
    if (!text) {
      return undefined;
    }
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
      throw new Error('The seed must be a whole number from 0 to 9007199254740991, or empty for a random one.');
    }
    return Number(text);
  }

  function readContext() {
    const text = context.getValue().trim();
    if (!text) {
      return undefined;
    }
    let value;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new Error(`The context is not valid JSON: ${e.message}`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new Error('The context must be a JSON object, such as {"user": {"email": "ada@example.com"}}.');
    }
    return value;
  }

  /** The seed and context of the next run, or null (with the reason shown) when the form is wrong. */
  function runInput(seed) {
    try {
      const input = { seed: seed ?? readSeed(), context: readContext() };
      message.clear();
      return input;
    } catch (e) {
      contextDetails.open = true;
      message.show('error', e.message);
      return null;
    }
  }

  async function run(seed) {
    const input = runInput(seed);
    if (!input) {
      return;
    }
    clearProblems(monaco, code, RUN_MARKERS);
    try {
      showRun(await api.runHook({ type: hook.type(), content: hook.content(), packages: hook.packages?.(), ...input }));
    } catch (e) {
      if (e.body?.status) {
        showRun(e.body);
      } else {
        message.show('error', `The test run failed: ${e.message}`);
      }
    }
  }

  function showRun(result) {
    fill(output, hookRunView(result, { onRerun: (seed) => busy(runButton, () => run(seed)), onLine: reveal }));
    if (result.error?.line != null) {
      markProblem(monaco, code, RUN_MARKERS, {
        line: result.error.line, column: result.error.column,
        message: `${result.error.code} (${errorLocation(result.error)}): ${result.error.message}`,
      });
    }
  }

  async function runAll(seed) {
    const input = runInput(seed);
    if (!input) {
      return;
    }
    try {
      showPipeline(await api.runPipeline(hook.type(), input));
    } catch (e) {
      if (e.body?.steps) {
        showPipeline(e.body);
      } else {
        message.show('error', `The test run failed: ${e.message}`);
      }
    }
  }

  function showPipeline(result) {
    fill(output,
      h('p', { class: 'muted small-text' }, 'All saved, enabled hooks of this type, in their order (unsaved edits are not included).'),
      pipelineRunView(result, { onRerun: (seed) => busy(pipelineButton, () => runAll(seed)), highlightHookId: hook.id() }));
  }

  async function fillSample() {
    try {
      const sample = await api.sampleContext(hook.type(), readSeed());
      context.setValue(formatJson(sample.context));
      message.clear();
    } catch (e) {
      message.show('error', `No sample: ${e.message}`);
    }
  }

  const element = h('section', { class: 'run-panel card', 'aria-labelledby': 'run-title' },
    h('div', { class: 'panel-head' },
      h('h2', { id: 'run-title' }, 'Test run'),
      h('div', { class: 'panel-actions' }, runButton, pipelineButton)),
    h('p', { class: 'muted small-text' },
      'Run tries the code in the editor, saved or not, on a random context of the hook\u2019s type. Nothing is stored.'),
    contextDetails,
    message.element,
    output);

  return {
    element,
    run: () => busy(runButton, () => run()),
    dispose: () => context.dispose(),
  };
}
