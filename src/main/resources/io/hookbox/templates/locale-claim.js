// Tells the application which language the user's browser prefers, from its Accept-Language header.
exports.onExecutePostLogin = async (event, api) => {
  if (event.request.language) {
    api.idToken.setCustomClaim('https://example.com/locale', event.request.language);
  }
};
