// The `ex` object scripts receive, built once per context over the host bindings (ExBinding) and re-bound to
// each call's exchange. Plain getters and functions: Truffle inlines them into the script's own code.
(function () {
  'use strict';
  const text = (v) => (typeof v === 'string' ? v : JSON.stringify(v));
  const optText = (v) => (v === undefined || v === null ? null : String(v));
  const plain = (proxy) => {
    const o = {};
    for (const k of Object.keys(proxy)) { o[k] = proxy[k]; }
    return o;
  };
  const logText = (args) => args.map((a) => (typeof a === 'string' ? a
      : a instanceof Error ? String(a) : JSON.stringify(a))).join(' ');
  const parseJson = (body) => (body === null || body === undefined || body === '' ? null : JSON.parse(body));

  function deepFreeze(value) {
    if (value !== null && typeof value === 'object') {
      Object.values(value).forEach(deepFreeze);
      Object.freeze(value);
    }
    return value;
  }

  function ex(h) {
    const request = Object.freeze({
      get method() { return h.requestMethod(); },
      get path() { return h.requestPath(); },
      get upstreamPath() { return h.requestUpstreamPath(); },
      header(name) { return h.requestHeader(String(name)); },
      headers() { return plain(h.requestHeaders()); },
      query(name) { return h.requestQuery(String(name)); },
      body() { return h.requestBody(); },
      json() { return parseJson(h.requestBody()); },
      setHeader(name, value) { h.requestSetHeader(String(name), String(value)); },
      removeHeader(name) { h.requestRemoveHeader(String(name)); },
      setPath(path) { h.requestSetPath(String(path)); },
      setQuery(name, value) { h.requestSetQuery(String(name), optText(value)); },
      setBody(body) { h.requestSetBody(text(body)); },
    });
    const response = Object.freeze({
      get status() { return h.responseStatus(); },
      header(name) { return h.responseHeader(String(name)); },
      headers() { return plain(h.responseHeaders()); },
      setStatus(status) { h.responseSetStatus(status | 0); },
      setHeader(name, value) { h.responseSetHeader(String(name), String(value)); },
      removeHeader(name) { h.responseRemoveHeader(String(name)); },
      body() { return h.responseBody(); },
      json() { return parseJson(h.responseBody()); },
      setBody(body) { h.responseSetBody(text(body)); },
    });
    const log = Object.freeze({
      debug(...args) { h.log('debug', logText(args)); },
      info(...args) { h.log('info', logText(args)); },
      warn(...args) { h.log('warn', logText(args)); },
      error(...args) { h.log('error', logText(args)); },
    });
    const state = Object.freeze({
      incr(key, by = 1, ttlSeconds = 86400) { return h.stateIncr(String(key), by, ttlSeconds); },
      get(key) { return h.stateGet(String(key)); },
      set(key, value, ttlSeconds = 86400) { h.stateSet(String(key), text(value), ttlSeconds); },
      delete(key) { return h.stateDelete(String(key)); },
    });
    const crypto = Object.freeze({
      hmac(algorithm, key, message) { return h.hmac(String(algorithm), String(key), String(message)); },
      sha256(message) { return h.sha256(String(message)); },
      equal(a, b) { return h.constantTimeEquals(String(a), String(b)); },
    });
    return Object.freeze({
      request,
      response,
      log,
      state,
      crypto,
      get phase() { return h.phase(); },
      get consumer() {
        const c = h.consumer();
        return c === null ? null : Object.freeze({ id: c.id, username: c.username, custom_id: c.custom_id,
          groups: Array.from(c.groups) });
      },
      get clientIp() { return h.clientIp(); },
      get route() { return h.routeName(); },
      get service() { return h.serviceName(); },
      get ctx() { return h.ctx(); },
      setUpstream(name) { h.setUpstream(String(name)); },
      respond(status, body, headers) {
        const json = body !== undefined && body !== null && typeof body !== 'string';
        h.respond(status | 0, body === undefined || body === null ? '' : text(body), json, headers || null);
      },
    });
  }

  return { ex, parseConf: (json) => deepFreeze(JSON.parse(json)) };
})()
