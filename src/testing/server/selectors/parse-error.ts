/** A selector string the API server would reject: the message is the server's, word for word. */
export class SelectorParseError extends Error {
  override name = 'SelectorParseError';
}
