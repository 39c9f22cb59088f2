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
cat >bench.yaml <<YAML
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
YAML

start_portico() { # $1 = mode (optimized|interpreter), $2 = port
  local opts
  mapfile -t opts < <(PORTICO_JS_RUNTIME="$1" "$ROOT/bin/js-jvm-opts" "$JAVA_HOME" portico/lib portico/graal)
  # shellcheck disable=SC2086
  "${SUT_CPU[@]}" "$JAVA_HOME/bin/java" "${opts[@]}" $JAVA_OPTS_BENCH -jar portico/portico.jar run -c bench.yaml \
    --proxy-listen "127.0.0.1:$2" --admin-listen off --plugins-dir plugins --scripts-dir scripts \
    >"portico-$1.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null "http://127.0.0.1:$2/none" && return 0
    sleep 0.2
  done
  die "Portico ($1) did not start: $(tail -5 "portico-$1.log")"
}
measure() { # $1 = url, $2 = seconds -> req/s
  "${LOAD_CPU[@]}" wrk -t1 -c"$CONNECTIONS" -d"${2}s" "$1" | awk '/^Requests\/sec/ {print $2}'
}

declare -A PORT=([optimized]=$((BASE_PORT + 1)) [interpreter]=$((BASE_PORT + 2)))
for mode in optimized interpreter; do start_portico "$mode" "${PORT[$mode]}"; done
for mode in optimized interpreter; do
  curl -sf -D - -o /dev/null "http://127.0.0.1:${PORT[$mode]}/js" | grep -qi '^X-Added-By: portico' \
    || die "the JS plugin did not add its header ($mode)"
  grep -h "JavaScript plugins" "portico-$mode.log" >&2 || true
done
say "bench: load average at start: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
say "bench: warm-up ${WARMUP}s per route and mode..."
for mode in optimized interpreter; do
  for route in none java js; do measure "http://127.0.0.1:${PORT[$mode]}/$route" "$WARMUP" >/dev/null; done
done

declare -A RESULTS
routes=(none java js)
for ((r = 0; r < ROUNDS; r++)); do
  for mode in optimized interpreter; do
    for ((k = 0; k < 3; k++)); do
      route=${routes[$(((k + r) % 3))]} # the order rotates from round to round
      rps=$(measure "http://127.0.0.1:${PORT[$mode]}/$route" "$DURATION")
      RESULTS[$mode/$route]+="$rps "
      say "round $((r + 1)) $mode /$route: $rps req/s"
    done
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo
echo "JS plugin benchmark: $ROUNDS rounds x ${DURATION}s after ${WARMUP}s warm-up per route, wrk -t1 -c$CONNECTIONS, median req/s;"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
echo
echo "| runtime | no plugin | Java plugin | JS plugin | JS / Java | Java / none | JS / none |"
echo "|---|---|---|---|---|---|---|"
for mode in optimized interpreter; do
  n=$(echo "${RESULTS[$mode/none]}" | median) j=$(echo "${RESULTS[$mode/java]}" | median) s=$(echo "${RESULTS[$mode/js]}" | median)
  awk -v m="$mode" -v n="$n" -v j="$j" -v s="$s" 'BEGIN {printf "| %s | %.0f | %.0f | %.0f | %.2f | %.2f | %.2f |\n", m, n, j, s, s/j, j/n, s/n}'
done
