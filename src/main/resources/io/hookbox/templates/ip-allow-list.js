// Applications (by client id) that may only be signed in to from these IPv4 ranges; others are not restricted.
const ALLOWED_RANGES = {
  'replace-with-a-client-id': ['10.0.0.0/8', '192.168.0.0/16'],
};

function ipv4ToNumber(ip) {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    const n = Number(part);
    if (!/^\d{1,3}$/.test(part) || n > 255) return null;
    value = value * 256 + n;
  }
  return value;
}

function inRange(ip, cidr) {
  const [base, bits] = cidr.split('/');
  const address = ipv4ToNumber(ip);
  const start = ipv4ToNumber(base);
  if (address === null || start === null) return false;
  const size = 2 ** (32 - Number(bits));
  return Math.floor(address / size) === Math.floor(start / size);
}

function handle(data, callback) {
  const ranges = ALLOWED_RANGES[data.context.clientID];
  if (ranges && !ranges.some((cidr) => inRange(data.context.request.ip, cidr))) {
    return callback(new Error('Sign-in to this application is not allowed from ' + data.context.request.ip));
  }
  callback(null, data);
}
