// Gives a new user a username when the sign-up brings none: a slug of the nickname, the name, the email address's
// local part or the phone number (the first one there is), unique within the tenant thanks to a numeric suffix
// (ada, ada1, ada2...). hookbox.users.exists(username) asks hookbox whether one of this tenant's users already has it.
const MAX_LENGTH = 30;
const MAX_TRIES = 20;

function slug(text) {
  return String(text).normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '_').replace(/^[._-]+|[._-]+$/g, '').slice(0, MAX_LENGTH);
}

async function handle(data) {
  const user = data.user;
  if (user.username) return data;
  const sources = [user.nickname, user.name, user.email ? user.email.split('@')[0] : null, user.phone_number];
  const base = sources.map((source) => (source ? slug(source) : '')).find((candidate) => candidate.length > 0);
  if (!base) return data;
  for (let suffix = 0; suffix < MAX_TRIES; suffix++) {
    const end = suffix === 0 ? '' : String(suffix);
    const candidate = base.slice(0, MAX_LENGTH - end.length) + end;
    if (!(await hookbox.users.exists(candidate))) {
      user.username = candidate;
      return data;
    }
  }
  // Every candidate is taken: the user signs up without a username rather than not at all.
  console.log('no free username for', base);
  return data;
}
