// Pipeline step 5: remember which application the user last signed in to.
function handle(data, callback) {
  data.user.app_metadata.last_client = data.context.clientName;
  data.user.app_metadata.first_login = !data.user.last_login;
  callback(null, data);
}
