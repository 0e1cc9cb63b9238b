// Puts the user's roles (app_metadata.roles, a list) in both tokens. Custom claims need a namespace of your own.
const NAMESPACE = 'https://example.com';

exports.onExecutePostLogin = async (event, api) => {
  const roles = event.authorization.roles;
  api.idToken.setCustomClaim(NAMESPACE + '/roles', roles);
  api.accessToken.setCustomClaim(NAMESPACE + '/roles', roles);
};
