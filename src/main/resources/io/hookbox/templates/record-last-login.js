// Keeps where the user last signed in from. The country comes from a header that a proxy in front of hookbox may add
// (Cloudflare's CF-IPCountry, or X-Country-Code); hookbox itself does not locate addresses.
function handle(data, callback) {
  const request = data.context.request;
  const metadata = data.user.app_metadata;
  metadata.last_login_ip = request.ip;
  const country = request.headers['cf-ipcountry'] || request.headers['x-country-code'];
  if (country) {
    metadata.last_login_country = country.toUpperCase();
  }
  callback(null, data);
}
