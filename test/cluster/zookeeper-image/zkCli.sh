#!/usr/bin/env bash
# ZooKeeper's command line client.
#   zkCli.sh [-server HOST:PORT] [COMMAND ARGS...]
# Environment: ZK_CLIENT_HEAP (MB, default 256), CLIENT_JVMFLAGS, JVMFLAGS.
set -euo pipefail
# shellcheck source=zkEnv.sh
source "$(dirname "${BASH_SOURCE[0]}")/zkEnv.sh"
flags=(
  "-Dzookeeper.log.dir=$ZOO_LOG_DIR"
  -Dzookeeper.log.file=zookeeper-cli.log
  -Dzookeeper.console.threshold=WARN
  "-Xmx${ZK_CLIENT_HEAP:-256}m"
)
# shellcheck disable=SC2206 # the flag variables hold several words
flags+=(${CLIENT_JVMFLAGS:-} ${JVMFLAGS:-})
exec "$JAVA" -cp "$CLASSPATH" "${flags[@]}" org.apache.zookeeper.ZooKeeperMain "$@"
