// Pipeline step 4: organization and plan claims.
var SEATS = { free: 1, pro: 25, enterprise: 1000 };

function handle(data, callback) {
  var meta = data.user.app_metadata;
  var plan = meta.plan || 'free';
  data.context.accessToken['https://example.com/plan'] = { name: plan, seats: SEATS[plan] || 1 };
  if (meta.org) data.context.accessToken['https://example.com/org'] = meta.org.id;
  callback(null, data);
}
