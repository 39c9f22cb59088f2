// Header tagging: marks every request with a tag the services can log or route on, and echoes it on the response.
//   plugins: [{name: tag-request, config: {tag: edge-eu, header: X-Edge-Tag}}]
export const priority = 800;

export function access(ex, conf) {
  const tag = conf.tag ?? 'portico';
  ex.request.setHeader(conf.header ?? 'X-Tag', tag);
  ex.ctx.tag = tag; // seen by later plugins, Java ones included
}

export function header(ex, conf) {
  ex.response.setHeader(conf.header ?? 'X-Tag', ex.ctx.tag);
}
