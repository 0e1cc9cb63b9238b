// The code a new hook starts with: a commented handle(data, callback) for its type. Everything about the type,
// its example included, comes from GET /api/hook-types: no type is named here.
import { HANDLE_PARAMS } from './declarations.js';

function wrap(text, width = 76) {
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return line ? [...lines, line] : lines;
}

/** type: an entry of GET /api/hook-types. */
export function hookTemplate(type) {
  const taken = type.mayChange.length ? type.mayChange.map((path) => `data.${path}`).join(', ') : 'nothing (the result only goes on to the next hook)';
  return [
    `// ${type.title} hook`,
    ...wrap(type.description).map((line) => `// ${line}`),
    '//',
    `// data: ${Object.keys(type.dataSchema.properties ?? {}).map((key) => `data.${key}`).join(', ')}; a test run shows a full example.`,
    `// The flow takes from your result: ${taken}.`,
    '// End with callback(null, data) to go on, or callback(new Error(...)) to fail the hook.',
    `// If this hook fails, ${type.canBlock ? 'the flow stops' : 'the error is logged'} unless its "On error" setting says otherwise.`,
    HANDLE_PARAMS,
    'function handle(data, callback) {',
    `  console.log('${type.id} hook running');`,
    ...type.example.map((line) => `  ${line}`),
    '  callback(null, data);',
    '}',
    '',
  ].join('\n');
}
