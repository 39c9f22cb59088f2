#!/usr/bin/env bash
# JavaScript plugin benchmark: the same logic (add a response header in the header phase) as a JavaScript plugin,
# as a Java plugin (docs/examples/java-plugin, add-header), and no plugin at all, on three routes of ONE Portico,
# measured side by side in interleaved rounds with wrk; once with the optimizing Truffle runtime (as ./portico runs
# it) and once interpreted (a second Portico), both warmed up first. Prints req/s per route and mode and the
# ratios (JS / Java is the goal: >= 0.90 after warm-up). Reuses run.sh's setup: an nginx upstream answering
# `return 200`, wrk and the upstream on CPU 0, the Porticos on CPU 1 (PIN=1).
#
# Settings: ROUNDS=3 DURATION=10 WARMUP=30 CONNECTIONS=32 PIN=1 BASE_PORT=18180
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${ROUNDS:-3}" DURATION="${DURATION:-10}" WARMUP="${WARMUP:-30}" CONNECTIONS="${CONNECTIONS:-32}"
PIN="${PIN:-1}" BASE_PORT="${BASE_PORT:-18180}"
JAVA_OPTS_BENCH="${PORTICO_BENCH_JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseSerialGC -XX:+AlwaysPreTouch}"
say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 2; }

for tool in nginx wrk curl; do
  command -v "$tool" >/dev/null 2>&1 || [[ -x "/usr/sbin/$tool" ]] || die "missing $tool (apt-get install -y nginx wrk curl)"
done
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
JAVA_HOME="$("$ROOT/bin/find-jdk")"
export JAVA_HOME
if [[ "$PIN" == 1 ]] && (($(nproc) >= 2)); then LOAD_CPU=(taskset -c 0) SUT_CPU=(taskset -c 1); else LOAD_CPU=() SUT_CPU=(); fi

JAR="$ROOT/gateway-runtime/target/portico.jar"
PLUGIN_JAR="$ROOT/docs/examples/java-plugin/target/add-header-plugin-1.0.0.jar"
if [[ ! -f "$JAR" || ! -d "$ROOT/gateway-runtime/target/graal" ]]; then
  (cd "$ROOT" && mvn -B -q package -DskipTests -pl gateway-runtime -am) >&2
fi
if [[ ! -f "$PLUGIN_JAR" ]]; then
  (cd "$ROOT" && mvn -B -q install -DskipTests -pl plugin-api && cd docs/examples/java-plugin && mvn -B -q package -DskipTests) >&2
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/portico-bench-js.XXXXXX")"
cd "$WORK"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [[ -f "$WORK/nginx/nginx.pid" ]] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true
}
trap cleanup EXIT
mkdir -p portico plugins scripts nginx/tmp
cp -r "$JAR" "$ROOT/gateway-runtime/target/lib" "$ROOT/gateway-runtime/target/graal" portico/
cp "$PLUGIN_JAR" plugins/

UP=$BASE_PORT
cat >nginx/nginx.conf <<NGX
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/tmp; proxy_temp_path $WORK/nginx/tmp; fastcgi_temp_path $WORK/nginx/tmp;
  uwsgi_temp_path $WORK/nginx/tmp; scgi_temp_path $WORK/nginx/tmp;
  keepalive_requests 1000000000; keepalive_timeout 300s;
  server { listen 127.0.0.1:$UP backlog=4096; location / { default_type text/plain; return 200 "Hello from the benchmark upstream.\n"; } }
}
NGX
"${LOAD_CPU[@]}" "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon on;'

# The JavaScript twin of add-header's header phase (the Java plugin also checks an optional request header).
cat >scripts/add-header-js.js <<'JS'
export const priority = 900;
export function header(ex, conf) {
  ex.response.setHeader(conf.header_name, conf.header_value);
}
JS
cat >bench.yaml <<EOF
_format_version: "3.0"
services:
- name: bench
  url: http://127.0.0.1:$UP
  routes:
  - {name: none, paths: [/none]}
  - name: java
    paths: [/java]
    plugins: [{name: add-header, config: {header_name: X-Added-By, header_value: portico}}]
  - name: js
    paths: [/js]
    plugins: [{name: add-header-js, config: {header_name: X-Added-By, header_value: portico}}]
