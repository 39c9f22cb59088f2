// Masks e-mail addresses and card numbers in JSON response bodies (body phase: the body is buffered).
//   plugins: [{name: mask-pii, config: {keep_last: 4}}]
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
const CARD = /\b(?:\d[ -]?){12,18}\d\b/g;

function maskText(text, keepLast) {
  return text
    .replace(EMAIL, (_, first, domain) => `${first}***@${domain}`)
    .replace(CARD, (card) => {
      const digits = card.replace(/\D/g, '');
      return '*'.repeat(digits.length - keepLast) + digits.slice(digits.length - keepLast);
    });
}

function mask(value, keepLast) {
  if (typeof value === 'string') {
    return maskText(value, keepLast);
  }
  if (Array.isArray(value)) {
    return value.map((v) => mask(v, keepLast));
  }
  if (value !== null && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = mask(v, keepLast);
    }
    return out;
  }
  return value;
}

export function body(ex, conf) {
  const type = ex.response.header('Content-Type') ?? '';
  const text = ex.response.body();
  if (!type.includes('json') || text === null || text === '') {
    return; // not JSON, or over the route's buffer limit: passed as it is
  }
  ex.response.setBody(mask(JSON.parse(text), conf.keep_last ?? 4));
}
