function requireVerifiedEmail(user, context, callback) {
  if (!user.email_verified) {
    return callback(new UnauthorizedError('Please verify your email before signing in.'));
  }
  return callback(null, user, context);
}
