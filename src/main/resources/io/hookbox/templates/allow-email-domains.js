// Only people with an email address at one of these domains may sign up.
const ALLOWED_DOMAINS = ['example.com', 'example.org'];

exports.onExecutePreUserRegistration = async (event, api) => {
  const domain = (event.user.email || '').split('@').pop().toLowerCase();
  if (!ALLOWED_DOMAINS.includes(domain)) {
    api.access.deny('email domain not allowed: ' + domain, 'Sign-ups are open to ' + ALLOWED_DOMAINS.join(', ') + ' only.');
  }
};
