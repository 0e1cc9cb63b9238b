// The code a new hook starts with: a commented handle(data, callback) for its type.

const EXAMPLES = {
  'pre-login': [
    '  // Deny the login with an error, for example for a domain you block:',
    "  // if (data.user.email.endsWith('@blocked.example')) {",
    "  //   return callback(new Error('Sign-in from this domain is not allowed'));",
    '  // }',
  ],
  'post-login': [
    '  // Add custom claims to the tokens about to be signed:',
    "  // data.context.accessToken['https://example.com/plan'] = data.user.app_metadata.plan || 'free';",
    '  // Or keep something on the user:',
    '  // data.user.app_metadata.lastLoginIp = data.context.request.ip;',
  ],
  'pre-register': [
    '  // Change the user who is about to be saved, or reject the sign-up with an error:',
    '  // data.user.email = data.user.email.toLowerCase();',
    "  // if (!data.user.email.endsWith('@example.com')) {",
    "  //   return callback(new Error('Sign-ups are open to example.com only'));",
    '  // }',
  ],
  'post-register': [
    '  // React to the new user; an error here is logged and does not undo the registration:',
    "  // console.info('welcome', data.user.id);",
  ],
};

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
    'function handle(data, callback) {',
    "  console.log('running for', data.user.email);",
    ...(EXAMPLES[type.id] ?? []),
    '  callback(null, data);',
    '}',
    '',
  ].join('\n');
}
