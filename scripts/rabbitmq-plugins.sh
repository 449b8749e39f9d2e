#!/usr/bin/env bash
# Makes the local RabbitMQ serve its management HTTP API (127.0.0.1:15672) and its Prometheus
# endpoint (127.0.0.1:15692), on loopback only, for the RabbitMQ collector and dashboard tests.
# Idempotent: starts RabbitMQ (`rabbitmq-server -detached`) when it is down and waits for it,
# binds both plugins' listeners to 127.0.0.1 *before* enabling them (by default they listen on
# every interface), enables them without a restart, and waits until both endpoints answer.
# Needs root (or the rabbitmq user) for rabbitmqctl and rabbitmq-plugins. Exits 0 with a
# message, doing nothing, when RabbitMQ is not installed (the tests then skip).
#   Env: MQLOAD_RABBITMQ_MGMT_PORT (15672), MQLOAD_RABBITMQ_PROM_PORT (15692), MQLOAD_RABBITMQ_WAIT (60 s)
set -euo pipefail

MGMT_PORT="${MQLOAD_RABBITMQ_MGMT_PORT:-15672}"
PROM_PORT="${MQLOAD_RABBITMQ_PROM_PORT:-15692}"
WAIT="${MQLOAD_RABBITMQ_WAIT:-60}"

log() { echo "rabbitmq-plugins: $*"; }

for tool in rabbitmqctl rabbitmq-diagnostics rabbitmq-plugins rabbitmq-server; do
  if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
    log "$tool not found; RabbitMQ is not installed, nothing to do (the RabbitMQ tests skip)"
    exit 0
  fi
done
export PATH="$PATH:/usr/sbin"

# Waits up to $WAIT seconds for "$@" to succeed.
wait_for() {
  local what="$1"
  shift
  local i
  for ((i = 0; i < WAIT; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  log "gave up after ${WAIT}s waiting for $what"
  return 1
}

if ! rabbitmq-diagnostics -q ping >/dev/null 2>&1; then
  log "RabbitMQ is down; starting it (rabbitmq-server -detached)"
  rabbitmq-server -detached
  wait_for "RabbitMQ to start" rabbitmq-diagnostics -q ping
  rabbitmqctl await_startup >/dev/null
fi

# The listener settings are read when the plugin starts, so they must be set first. A plugin
# already running keeps its listener: rebind it by disabling and enabling it again.
bind_loopback() {
  local app="$1" port="$2"
  rabbitmqctl -q eval "application:set_env($app, tcp_config, [{ip, \"127.0.0.1\"}, {port, $port}])." >/dev/null
}
listening_elsewhere() {
  # True when something listens on the port on an address other than 127.0.0.1.
  ss -Hltn "sport = :$1" | awk '{print $4}' | grep -qv "^127\.0\.0\.1:"
}

bind_loopback rabbitmq_management "$MGMT_PORT"
bind_loopback rabbitmq_prometheus "$PROM_PORT"
for pair in "rabbitmq_management:$MGMT_PORT" "rabbitmq_prometheus:$PROM_PORT"; do
  plugin="${pair%%:*}"
  port="${pair##*:}"
  if command -v ss >/dev/null 2>&1 && listening_elsewhere "$port"; then
    log "$plugin listens beyond loopback on :$port; re-enabling it bound to 127.0.0.1"
    rabbitmq-plugins -q disable "$plugin" >/dev/null
    bind_loopback "$plugin" "$port"
  fi
done
rabbitmq-plugins -q enable rabbitmq_management rabbitmq_prometheus >/dev/null

wait_for "the management API on 127.0.0.1:$MGMT_PORT" curl -fsS -o /dev/null -u guest:guest "http://127.0.0.1:$MGMT_PORT/api/overview"
wait_for "the Prometheus endpoint on 127.0.0.1:$PROM_PORT" curl -fsS -o /dev/null "http://127.0.0.1:$PROM_PORT/metrics"

if command -v ss >/dev/null 2>&1; then
  for port in "$MGMT_PORT" "$PROM_PORT"; do
    if listening_elsewhere "$port"; then
      log "port $port listens beyond loopback:"
      ss -Hltn "sport = :$port" >&2
      exit 1
    fi
  done
fi
log "management API http://127.0.0.1:$MGMT_PORT, Prometheus http://127.0.0.1:$PROM_PORT/metrics (loopback only)"
