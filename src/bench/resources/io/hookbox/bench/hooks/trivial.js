function handle(data, callback) {
  data.user.app_metadata.seen = true;
  callback(null, data);
}
