// Pipeline step 3: turn the user's roles into permission claims.
var PERMISSIONS = {
  viewer: ['read:profile'],
  billing: ['read:invoices', 'write:payment-methods'],
  admin: ['manage:users', 'manage:settings', 'read:profile']
};

function handle(data, callback) {
  var roles = data.user.app_metadata.roles || ['viewer'];
  var granted = {};
  roles.forEach(function (role) {
    (PERMISSIONS[role] || []).forEach(function (permission) { granted[permission] = true; });
  });
  data.context.accessToken['https://example.com/roles'] = roles;
  data.context.accessToken['https://example.com/permissions'] = Object.keys(granted).sort();
  callback(null, data);
}
