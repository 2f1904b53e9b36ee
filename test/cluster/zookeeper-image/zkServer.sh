#!/usr/bin/env bash
# Runs a ZooKeeper server.
#   zkServer.sh [--config DIR] {start-foreground|start|stop|restart|status|version|print-cmd} [CONFIG_FILE]
# Environment: ZOOCFGDIR, ZOO_LOG_DIR, ZK_SERVER_HEAP (MB, default 1000), SERVER_JVMFLAGS, JVMFLAGS, ZOOPIDFILE.
set -euo pipefail
if [ "${1:-}" = --config ]; then
  ZOOCFGDIR="$2"
  shift 2
fi
# shellcheck source=zkEnv.sh
source "$(dirname "${BASH_SOURCE[0]}")/zkEnv.sh"
command="${1:-}"
config="${2:-$ZOOCFGDIR/$ZOOCFG}"

# cfg_value KEY   the value of KEY in the configuration file, empty when absent
cfg_value() { sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" "$config" | tail -n 1; }

data_dir() {
  local dir
  dir="$(cfg_value dataDir)"
  [ -n "$dir" ] || { echo "zkServer.sh: no dataDir in $config" >&2; exit 1; }
  echo "$dir"
}

# The client address of this server: clientPort/clientPortAddress, else the part after ';'
# of its own server line (server.<myid>=...;[address:]port).
client_address() {
  local port address server myid
  port="$(cfg_value clientPort)"
  address="$(cfg_value clientPortAddress)"
  if [ -z "$port" ]; then
    myid="$(cat "$(data_dir)/myid" 2> /dev/null || true)"
    server="$(cfg_value "server\\.$myid")"
    if [ -z "$myid" ] || [ "${server#*;}" = "$server" ]; then
      echo "zkServer.sh: no client port in $config" >&2
      exit 1
    fi
    port="${server#*;}"
    if [ "${port%:*}" != "$port" ]; then address="${port%:*}" port="${port##*:}"; fi
  fi
  case "$address" in "" | 0.0.0.0) address=localhost ;; esac
  echo "$address $port"
}

server_command() {
  local flags=(
    "-Dzookeeper.log.dir=$ZOO_LOG_DIR"
    "-Dzookeeper.log.file=zookeeper-$(id -un 2> /dev/null || id -u)-server-$(hostname 2> /dev/null || echo localhost).log"
    "-Xmx${ZK_SERVER_HEAP:-1000}m"
    -XX:+HeapDumpOnOutOfMemoryError
    "-XX:OnOutOfMemoryError=kill -9 %p"
  )
  # shellcheck disable=SC2206 # the flag variables hold several words
  flags+=(${SERVER_JVMFLAGS:-} ${JVMFLAGS:-})
  printf '%s\0' "$JAVA" -cp "$CLASSPATH" "${flags[@]}" org.apache.zookeeper.server.quorum.QuorumPeerMain "$config"
}

pid_file() { echo "${ZOOPIDFILE:-$(data_dir)/zookeeper_server.pid}"; }

stop_server() {
  local pid
  pid="$(cat "$(pid_file)" 2> /dev/null || true)"
  if [ -z "$pid" ] || ! kill -0 "$pid" 2> /dev/null; then
    echo "no ZooKeeper server to stop"
    rm -f "$(pid_file)"
    return 0
  fi
  kill "$pid"
  for _ in $(seq 1 300); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
  rm -f "$(pid_file)"
  echo "stopped"
}

mapfile -d '' -t cmd < <(server_command)
case "$command" in
  start-foreground)
    exec "${cmd[@]}"
    ;;
  start)
    mkdir -p "$ZOO_LOG_DIR"
    nohup "${cmd[@]}" > "$ZOO_LOG_DIR/zookeeper-server.out" 2>&1 < /dev/null &
    echo $! > "$(pid_file)"
    echo "started (pid $!)"
    ;;
  stop) stop_server ;;
  restart)
    stop_server
    "$0" start "$config"
    ;;
  status)
    read -r host port < <(client_address)
    answer="$("$JAVA" -cp "$CLASSPATH" -Dzookeeper.console.threshold=WARN \
      org.apache.zookeeper.client.FourLetterWordMain "$host" "$port" srvr 2> /dev/null || true)"
    mode="$(echo "$answer" | sed -n 's/^Mode: //p')"
    if [ -z "$mode" ]; then
      echo "ZooKeeper at $host:$port is not serving requests" >&2
      exit 1
    fi
    echo "Mode: $mode"
    ;;
  version)
    exec "$JAVA" -cp "$CLASSPATH" -Dzookeeper.console.threshold=WARN org.apache.zookeeper.version.VersionInfoMain
    ;;
  print-cmd) printf '%q ' "${cmd[@]}" && echo ;;
  *)
    echo "usage: $0 [--config DIR] {start-foreground|start|stop|restart|status|version|print-cmd} [CONFIG_FILE]" >&2
    exit 2
    ;;
esac
