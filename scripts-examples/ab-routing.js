// A/B routing by cookie between two services: "ab=b" goes to service B, "ab=a" to the route's own service;
// a client without the cookie is assigned one (percent_b of them to B) and gets it set on the response.
//   plugins: [{name: ab-routing, config: {service_b: checkout-v2, percent_b: 10}}]
export const priority = 900;

function cookie(header, name) {
  for (const part of (header ?? '').split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === name) {
      return v;
    }
  }
  return null;
}

export function access(ex, conf) {
  let variant = cookie(ex.request.header('Cookie'), conf.cookie ?? 'ab');
  if (variant !== 'a' && variant !== 'b') {
    variant = Math.random() * 100 < (conf.percent_b ?? 50) ? 'b' : 'a';
    ex.ctx.ab_assigned = variant;
  }
  if (variant === 'b') {
    ex.setUpstream(conf.service_b);
  }
  ex.request.setHeader('X-AB-Variant', variant);
}

export function header(ex, conf) {
  const assigned = ex.ctx.ab_assigned;
  if (assigned) {
    ex.response.setHeader('Set-Cookie', `${conf.cookie ?? 'ab'}=${assigned}; Path=/; Max-Age=2592000`);
  }
}
