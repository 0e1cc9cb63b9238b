// The same wrapper for every engine: call handle(data, callback) on JSON text, answer the data called back, as JSON.
(function (handle, inputJson) {
  var input = JSON.parse(inputJson);
  var outcome = null;
  handle(input, function (error, data) {
    if (outcome === null) outcome = { error: error, data: arguments.length > 1 && data !== undefined ? data : input };
  });
  if (outcome === null) throw new Error('the hook did not call back');
  if (outcome.error) throw outcome.error;
  return JSON.stringify(outcome.data);
})
