// A per-consumer daily quota on the node's shared state (Redis when the node runs with --redis, so every node
// counts together). Runs after the auth plugins; callers without a consumer are counted by IP.
//   plugins: [{name: daily-quota, config: {limit: 1000}}]
export const priority = 0;

export function access(ex, conf) {
  const who = ex.consumer ? `consumer:${ex.consumer.username ?? ex.consumer.id}` : `ip:${ex.clientIp}`;
  const now = new Date();
  const day = now.toISOString().slice(0, 10);
  const endOfDay = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  const secondsLeft = Math.max(1, Math.ceil((endOfDay - now.getTime()) / 1000));
  const used = ex.state.incr(`${who}:${day}`, 1, secondsLeft);
  const remaining = Math.max(0, conf.limit - used);
  ex.ctx.quota_remaining = remaining;
  if (used > conf.limit) {
    ex.respond(429, { message: 'Daily quota exceeded' }, {
      'X-Quota-Limit': conf.limit, 'X-Quota-Remaining': 0, 'Retry-After': secondsLeft,
    });
  }
}

export function header(ex, conf) {
  ex.response.setHeader('X-Quota-Limit', conf.limit);
  ex.response.setHeader('X-Quota-Remaining', ex.ctx.quota_remaining);
}
