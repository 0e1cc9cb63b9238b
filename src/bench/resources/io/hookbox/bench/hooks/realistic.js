// Typical post-login logic: normalize the email, check the request IP against CIDR lists, build claims
// from the user's metadata and reshape the profile. ES5 only, so every engine in the benchmark can run it.
var NAMESPACE = 'https://example.com/';

var PROVIDER_ALIASES = { 'googlemail.com': 'gmail.com', 'hotmail.co.uk': 'outlook.com', 'live.com': 'outlook.com' };
var DOTLESS_PROVIDERS = { 'gmail.com': true };
var FREE_PROVIDERS = ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me', 'icloud.com', 'gmx.de'];
var DISPOSABLE_DOMAINS = ['mailinator.com', 'guerrillamail.com', 'trashmail.com', '10minutemail.com'];

var ALLOWED_NETWORKS = [
  { name: 'office', cidr: '198.51.100.0/24' },
  { name: 'vpn', cidr: '10.8.0.0/16' },
  { name: 'partner', cidr: '203.0.113.0/25' },
  { name: 'loopback', cidr: '127.0.0.0/8' },
  { name: 'office-v6', cidr: '2001:db8:1234::/48' },
  { name: 'loopback-v6', cidr: '::1/128' }
];
var DENIED_NETWORKS = ['192.0.2.0/24', '2001:db8:dead::/48'];

var ROLE_PERMISSIONS = {
  viewer: ['read:profile', 'read:orders'],
  billing: ['read:invoices', 'write:payment-methods'],
  editor: ['write:orders', 'write:catalog'],
  admin: ['manage:users', 'manage:settings']
};
var ROLE_PARENTS = { editor: ['viewer'], billing: ['viewer'], admin: ['editor', 'billing'] };
var PLAN_FEATURES = {
  free: { seats: 1, sso: false, exports: ['csv'] },
  pro: { seats: 25, sso: true, exports: ['csv', 'xlsx'] },
  enterprise: { seats: 1000, sso: true, exports: ['csv', 'xlsx', 'parquet'] }
};

function normalizeEmail(raw) {
  var email = String(raw || '').replace(/^\s+|\s+$/g, '').toLowerCase();
  var at = email.lastIndexOf('@');
  if (at < 1 || at === email.length - 1) return null;
  var local = email.slice(0, at);
  var domain = email.slice(at + 1);
  if (!/^[a-z0-9.!#$%&'*+\/=?^_`{|}~-]+$/.test(local) || !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) return null;
  if (PROVIDER_ALIASES.hasOwnProperty(domain)) domain = PROVIDER_ALIASES[domain];
  var plus = local.indexOf('+');
  var tag = plus >= 0 ? local.slice(plus + 1) : null;
  if (plus >= 0) local = local.slice(0, plus);
  if (DOTLESS_PROVIDERS[domain]) local = local.split('.').join('');
  var kind = 'corporate';
  if (FREE_PROVIDERS.indexOf(domain) >= 0) kind = 'free';
  if (DISPOSABLE_DOMAINS.indexOf(domain) >= 0) kind = 'disposable';
  return { address: local + '@' + domain, local: local, domain: domain, tag: tag, kind: kind };
}

function parseIPv4(text) {
  var parts = text.split('.');
  if (parts.length !== 4) return null;
  var bytes = [];
  for (var i = 0; i < 4; i++) {
    if (!/^\d{1,3}$/.test(parts[i])) return null;
    var n = parseInt(parts[i], 10);
    if (n > 255) return null;
    bytes.push(n);
  }
  return bytes;
}

function parseIPv6(text) {
  var halves = text.split('::');
  if (halves.length > 2) return null;
  var head = halves[0] ? halves[0].split(':') : [];
  var tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  var missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  var zeros = [];
  for (var z = 0; z < missing; z++) zeros.push('0');
  var groups = head.concat(zeros, tail);
  var bytes = [];
  for (var i = 0; i < groups.length; i++) {
    if (!/^[0-9a-f]{1,4}$/i.test(groups[i])) return null;
    var value = parseInt(groups[i], 16);
    bytes.push(value >> 8, value & 255);
  }
  return bytes.length === 16 ? bytes : null;
}

function parseAddress(text) {
  if (typeof text !== 'string') return null;
  return text.indexOf(':') >= 0 ? parseIPv6(text) : parseIPv4(text);
}

function inCidr(addressBytes, cidr) {
  var slash = cidr.indexOf('/');
  var network = parseAddress(cidr.slice(0, slash));
  var bits = parseInt(cidr.slice(slash + 1), 10);
  if (!network || network.length !== addressBytes.length) return false;
  for (var i = 0; i < network.length && bits > 0; i++, bits -= 8) {
    var mask = bits >= 8 ? 255 : (255 << (8 - bits)) & 255;
    if ((network[i] & mask) !== (addressBytes[i] & mask)) return false;
  }
  return true;
}

function classifyNetwork(ip) {
  var address = parseAddress(ip);
  if (!address) return { name: 'unknown', denied: false };
  for (var d = 0; d < DENIED_NETWORKS.length; d++) {
    if (inCidr(address, DENIED_NETWORKS[d])) return { name: 'denied', denied: true };
  }
  for (var a = 0; a < ALLOWED_NETWORKS.length; a++) {
    if (inCidr(address, ALLOWED_NETWORKS[a].cidr)) return { name: ALLOWED_NETWORKS[a].name, denied: false };
  }
  return { name: 'internet', denied: false };
}

function expandRoles(roles) {
  var seen = {};
  var order = [];
  function visit(role, depth) {
    if (seen[role] || depth > 10) return;
    seen[role] = true;
    order.push(role);
    var parents = ROLE_PARENTS[role] || [];
    for (var i = 0; i < parents.length; i++) visit(parents[i], depth + 1);
  }
  for (var i = 0; i < roles.length; i++) visit(String(roles[i]).toLowerCase(), 0);
  return order;
}

function permissionsOf(roles) {
  var granted = {};
  for (var i = 0; i < roles.length; i++) {
    var list = ROLE_PERMISSIONS[roles[i]] || [];
    for (var j = 0; j < list.length; j++) granted[list[j]] = true;
  }
  return Object.keys(granted).sort();
}

function parseAcceptLanguage(header) {
  if (!header) return [];
  return header.split(',').map(function (part) {
    var pieces = part.replace(/^\s+|\s+$/g, '').split(';q=');
    return { tag: pieces[0], q: pieces.length > 1 ? parseFloat(pieces[1]) : 1 };
  }).filter(function (entry) {
    return entry.tag && !isNaN(entry.q);
  }).sort(function (a, b) {
    return b.q - a.q;
  }).map(function (entry) {
    return entry.tag;
  });
}

function pickLocale(userLocale, accepted, supported) {
  var candidates = (userLocale ? [userLocale] : []).concat(accepted);
  for (var i = 0; i < candidates.length; i++) {
    if (supported.indexOf(candidates[i]) >= 0) return candidates[i];
    var language = candidates[i].split('-')[0];
    if (supported.indexOf(language) >= 0) return language;
  }
  return supported[0];
}

function compact(value) {
  if (value === null || value === undefined) return undefined;
  if (Object.prototype.toString.call(value) === '[object Array]') {
    var items = [];
    for (var i = 0; i < value.length; i++) {
      var item = compact(value[i]);
      if (item !== undefined) items.push(item);
    }
    return items;
  }
  if (typeof value === 'object') {
    var keys = Object.keys(value).sort();
    var out = {};
    var kept = 0;
    for (var k = 0; k < keys.length; k++) {
      var child = compact(value[keys[k]]);
      if (child !== undefined) { out[keys[k]] = child; kept++; }
    }
    return kept ? out : undefined;
  }
  return value;
}

function flatten(object, prefix, into) {
  var keys = Object.keys(object || {});
  for (var i = 0; i < keys.length; i++) {
    var value = object[keys[i]];
    var key = prefix ? prefix + '.' + keys[i] : keys[i];
    if (value && typeof value === 'object' && Object.prototype.toString.call(value) !== '[object Array]') {
      flatten(value, key, into);
    } else {
      into[key] = value;
    }
  }
  return into;
}

function handle(data, callback) {
  var user = data.user;
  var context = data.context;
  var request = context.request || {};
  var email = normalizeEmail(user.email);
  if (email && email.kind === 'disposable') return callback(new Error('Disposable email addresses cannot sign in'));
  var network = classifyNetwork(request.ip);
  if (network.denied) return callback(new Error('Sign-in from this network is not allowed'));

  var appMetadata = user.app_metadata || {};
  var userMetadata = user.user_metadata || {};
  var roles = expandRoles(appMetadata.roles || []);
  var plan = PLAN_FEATURES[appMetadata.plan] || PLAN_FEATURES.free;
  var org = appMetadata.org || null;
  var accepted = parseAcceptLanguage((request.headers || {})['accept-language']);
  var locale = pickLocale(userMetadata.locale, accepted, ['en-GB', 'en', 'de', 'fr', 'pt-BR']);

  var access = context.accessToken;
  access[NAMESPACE + 'roles'] = roles;
  access[NAMESPACE + 'permissions'] = permissionsOf(roles);
  access[NAMESPACE + 'plan'] = { name: appMetadata.plan || 'free', seats: plan.seats, exports: plan.exports.slice() };
  if (org) access[NAMESPACE + 'org'] = { id: org.id, name: org.name };
  access[NAMESPACE + 'network'] = network.name;

  var id = context.idToken;
  id[NAMESPACE + 'locale'] = locale;
  id[NAMESPACE + 'email_kind'] = email ? email.kind : 'invalid';
  id[NAMESPACE + 'display_name'] = user.name || [user.given_name, user.family_name].join(' ').replace(/^\s+|\s+$/g, '') || user.username || (email ? email.local : 'user');

  var profile = compact({
    email: email ? email.address : null,
    emailTag: email ? email.tag : null,
    verified: !!user.email_verified,
    locale: locale,
    phone: user.phone_number,
    preferences: flatten(userMetadata, '', {}),
    lastNetwork: network.name,
    loginsCount: (user.logins_count || 0) + 1,
    sso: plan.sso
  });
  user.app_metadata = appMetadata;
  appMetadata.normalized_email = email ? email.address : null;
  appMetadata.profile = profile;
  appMetadata.last_login_network = network.name;
  userMetadata.locale = userMetadata.locale || locale;
  user.user_metadata = userMetadata;
  callback(null, data);
}
