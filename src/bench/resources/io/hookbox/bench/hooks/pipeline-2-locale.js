// Pipeline step 2: choose the user's locale from their preference and the Accept-Language header.
var SUPPORTED = ['en-GB', 'en', 'de', 'fr', 'pt-BR'];

function handle(data, callback) {
  var header = (data.context.request.headers || {})['accept-language'] || '';
  var wanted = [data.user.user_metadata.locale].concat(header.split(',').map(function (part) {
    return part.split(';')[0].replace(/^\s+|\s+$/g, '');
  }));
  var locale = SUPPORTED[0];
  for (var i = 0; i < wanted.length; i++) {
    if (wanted[i] && SUPPORTED.indexOf(wanted[i]) >= 0) { locale = wanted[i]; break; }
  }
  data.context.idToken['https://example.com/locale'] = locale;
  callback(null, data);
}
