// Rejects sign-ups from disposable email providers. Add the domains you see to the list.
const DISPOSABLE_DOMAINS = new Set([
  '10minutemail.com', 'discard.email', 'dispostable.com', 'fakeinbox.com', 'getnada.com', 'guerrillamail.com',
  'mailinator.com', 'maildrop.cc', 'mintemail.com', 'sharklasers.com', 'temp-mail.org', 'throwawaymail.com',
  'trashmail.com', 'yopmail.com',
]);

function handle(data, callback) {
  const domain = data.user.email.split('@').pop().toLowerCase();
  if (DISPOSABLE_DOMAINS.has(domain)) {
    return callback(new Error('Please sign up with a permanent email address.'));
  }
  callback(null, data);
}
