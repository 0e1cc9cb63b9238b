// TypeScript declarations for the code editor, generated from a hook type as GET /api/hook-types gives it: the JSON
// Schema of its data and, for a type Auth0 code can run as, of its Action's event and the api methods hookbox
// honours. Monaco's TypeScript worker reads them to complete `data.`, `event.`, `api.`, `user.` and `context.` and to
// show each field's description on hover. Nothing about a type is written here.

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function comment(text, indent) {
  return text ? `${indent}/** ${text.replace(/\*\//g, '* /')} */\n` : '';
}

function typeOf(schema, indent) {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.map((type) => singleType(type, schema, indent)).join(' | ');
}

function singleType(type, schema, indent) {
  switch (type) {
    case 'string': return 'string';
    case 'integer': case 'number': return 'number';
    case 'boolean': return 'boolean';
    case 'null': return 'null';
    case 'array': return `Array<${schema.items ? typeOf(schema.items, indent) : 'unknown'}>`;
    case 'object': return objectType(schema, indent);
    default: return 'any';
  }
}

function objectType(schema, indent) {
  const properties = Object.entries(schema.properties ?? {});
  const extra = schema.additionalProperties;
  if (!properties.length) {
    return extra && typeof extra === 'object' ? `Record<string, ${typeOf(extra, indent)}>` : 'Record<string, any>';
  }
  const inner = `${indent}  `;
  const required = new Set(schema.required ?? []);
  const lines = properties.map(([name, property]) => {
    const key = IDENTIFIER.test(name) ? name : JSON.stringify(name);
    return `${comment(property.description, inner)}${inner}${key}${required.has(name) ? '' : '?'}: ${typeOf(property, inner)};\n`;
  });
  if (extra !== false) {
    lines.push(`${inner}[claim: string]: any;\n`);
  }
  return `{\n${lines.join('')}${indent}}`;
}

// The api object from its methods' dotted names: api.access.deny(reason) and so on.
function apiType(methods, unsupported) {
  const tree = {};
  for (const method of methods) {
    const parts = method.name.split('.');
    let node = tree;
    for (const part of parts.slice(0, -1)) {
      node = node[part] ??= {};
    }
    node[parts[parts.length - 1]] = method;
  }
  for (const namespace of unsupported) {
    tree[namespace] ??= { unsupported: true };
  }
  const render = (node, indent) => `{\n${Object.entries(node).map(([name, value]) => {
    const inner = `${indent}  `;
    if (value.unsupported === true) {
      return `${comment(`Not supported by hookbox: every method of api.${name} fails the hook.`, inner)}${inner}${name}: Record<string, (...args: any[]) => never>;\n`;
    }
    if (typeof value.params === 'string') {
      return `${comment(value.description, inner)}${inner}${name}(${value.params}): ${value.returns};\n`;
    }
    return `${inner}${name}: ${render(value, inner)};\n`;
  }).join('')}${indent}}`;
  return render(tree, '');
}

/** type: an entry of GET /api/hook-types. The declarations its hooks are written against, as one .d.ts text. */
export function declarationsFor(type) {
  const parts = [
    `/** The data of a ${type.id} hook. */`,
    `type HookData = ${typeOf(type.dataSchema, '')};`,
    '/** Ends the hook: callback(null, data) to go on, callback(new Error(...)) to fail it. */',
    'type HookCallback = (error: Error | null | undefined, data?: HookData) => void;',
    '/** A handle hook: runs with the data of its type. */',
    'declare function handle(data: HookData, callback: HookCallback): void | Promise<HookData | void>;',
    '/** The hook\'s secrets, by name (read-only). */',
    'declare const secrets: Readonly<Record<string, string>>;',
    '/** Loads one of the npm packages the hook may require, or one of the core modules hookbox provides. */',
    'declare function require(name: string): any;',
    '/** hookbox\'s questions about the hook\'s own tenant. */',
    'declare const hookbox: { users: { /** Whether a user of this tenant has this username (letter case aside). */'
      + ' exists(username: string): Promise<boolean> } };',
  ];
  const action = type.action;
  if (action) {
    parts.push(
      `/** The event an Auth0 Action's ${action.handler} receives, read from the ${type.id} data. */`,
      `type Auth0Event = ${typeOf(action.eventSchema, '')};`,
      `/** What an Auth0 Action's ${action.handler} may ask for; hookbox applies it once the handler ends. */`,
      `type Auth0Api = ${apiType(action.api, action.unsupportedApi)};`,
      `type ActionHandler = (event: Auth0Event, api: Auth0Api) => void | Promise<void>;`,
      `declare var exports: { ${action.handler}?: ActionHandler; [handler: string]: any };`,
      `declare var module: { exports: { ${action.handler}?: ActionHandler; [handler: string]: any } };`,
    );
  }
  if (action?.rules) {
    parts.push(
      '/** The user an Auth0 Rule receives. */',
      'type RuleUser = Auth0Event["user"];',
      '/** The context an Auth0 Rule receives; claims added to idToken and accessToken go into the tokens. */',
      `type RuleContext = ${typeOf(action.ruleContextSchema, '')};`,
      'type RuleCallback = (error: Error | null | undefined, user?: RuleUser, context?: RuleContext) => void;',
      '/** Rules fail the sign-in with callback(new UnauthorizedError(message)). */',
      'declare class UnauthorizedError extends Error { constructor(message?: string); }',
      '/** The hook\'s secrets (read-only). */',
      'declare const configuration: Readonly<Record<string, string>>;',
      'declare const auth0: { users: { updateAppMetadata(userId: string, metadata: object): Promise<void>;'
        + ' updateUserMetadata(userId: string, metadata: object): Promise<void> } };',
    );
  }
  return `${parts.join('\n')}\n`;
}

/** The JSDoc line that types a handle hook's parameters (JavaScript parameters have no type of their own). */
export const HANDLE_PARAMS = '/** @param {HookData} data @param {HookCallback} callback */';
