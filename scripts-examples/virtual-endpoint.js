// A virtual endpoint answered entirely by the script (on a route without a service):
//   GET  -> what the gateway knows about the caller
//   POST {"items":[{"price":2.5,"quantity":2}]} -> {"total":5, "currency":"EUR"}
//   routes: [{name: quote, paths: [/quote], plugins: [{name: virtual-endpoint, config: {currency: EUR}}]}]
export const bufferRequestBody = true;

export function access(ex, conf) {
  if (ex.request.method === 'GET') {
    return ex.respond(200, { client_ip: ex.clientIp, route: ex.route, consumer: ex.consumer });
  }
  if (ex.request.method !== 'POST') {
    return ex.respond(405, { message: 'Method not allowed' }, { Allow: 'GET, POST' });
  }
  let order;
  try {
    order = ex.request.json();
  } catch (e) {
    return ex.respond(400, { message: 'The body is not JSON' });
  }
  if (!order || !Array.isArray(order.items)) {
    return ex.respond(400, { message: "'items' must be a list" });
  }
  const total = order.items.reduce((sum, item) => sum + Number(item.price) * Number(item.quantity ?? 1), 0);
  ex.respond(200, { total: Math.round(total * 100) / 100, currency: conf.currency ?? 'EUR' });
}
