/* Search reads what a reader types or pastes as plain words.
 *
 * Material hands the query to lunr, whose syntax gives a meaning to ":" (field),
 * "^" (boost), "~" (fuzzy), "*" (wildcard), quotes (phrase), "\" (escape) and a
 * leading "+" or "-" (required, excluded). Error lines are full of them:
 * "docker.io/library/my-base:latest" is read as a search in a field named "base",
 * lunr rejects the query and the reader sees "No matching documents". Readers paste
 * error lines far more often than they write lunr syntax, so these characters become
 * spaces before the query reaches Material's search worker.
 */
(() => {
  const QUERY = 2; // Material's SearchMessageType.QUERY (mkdocs-material 9.x)
  const OPERATORS = /[:^~*+"\\]|(^|\s)-+/g;
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.type === QUERY && typeof message.data === "string") {
      message = { ...message, data: message.data.replace(OPERATORS, "$1 ") };
    }
    return post.call(this, message, ...rest);
  };
})();
