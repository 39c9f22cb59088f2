// A custom HMAC-signature auth that answers 401 itself.
// The client signs "METHOD\nPATH\nX-Date\nBODY" with its secret (HMAC-SHA256, hex) and sends
//   X-Key-Id: <key id>   X-Date: <unix seconds>   X-Signature: <hex>
//   plugins: [{name: hmac-auth, config: {keys: {partner-1: "s3cret"}, clock_skew: 300}}]
export const priority = 1100;          // before most plugins, like Kong's auth plugins
export const bufferRequestBody = true; // the body is part of what is signed

const deny = (ex, message) => ex.respond(401, { message }, { 'WWW-Authenticate': 'HMAC realm="portico"' });

export function access(ex, conf) {
  const keyId = ex.request.header('X-Key-Id');
  const date = ex.request.header('X-Date');
  const signature = ex.request.header('X-Signature');
  if (!keyId || !date || !signature) {
    return deny(ex, 'Missing signature');
  }
  const secret = conf.keys[keyId];
  if (secret === undefined) {
    return deny(ex, 'Unknown key');
  }
  const skew = Math.abs(Date.now() / 1000 - Number(date));
  if (!(skew <= (conf.clock_skew ?? 300))) {
    return deny(ex, 'Signature expired');
  }
  const signed = [ex.request.method, ex.request.path, date, ex.request.body()].join('\n');
  if (!ex.crypto.equal(ex.crypto.hmac('sha256', secret, signed), signature.toLowerCase())) {
    return deny(ex, 'Invalid signature');
  }
  ex.request.setHeader('X-Authenticated-Key', keyId);
  ex.request.removeHeader('X-Signature');
}
