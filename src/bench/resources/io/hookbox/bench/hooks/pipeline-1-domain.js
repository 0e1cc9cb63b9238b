// Pipeline step 1: refuse blocked email domains and remember the user's domain.
var BLOCKED = ['mailinator.com', 'example.invalid', 'trashmail.com'];

function handle(data, callback) {
  var email = String(data.user.email || '').toLowerCase();
  var domain = email.slice(email.lastIndexOf('@') + 1);
  if (BLOCKED.indexOf(domain) >= 0) return callback(new Error('This email domain may not sign in'));
  data.user.app_metadata.email_domain = domain;
  callback(null, data);
}
