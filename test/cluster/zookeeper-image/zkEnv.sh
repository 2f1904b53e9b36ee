# shellcheck shell=bash disable=SC2034
# Sourced by zkServer.sh and zkCli.sh: where this ZooKeeper lives, which configuration
# and log directories it uses, and how Java is started.
ZOOBINDIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ZOOKEEPER_PREFIX="$(dirname "$ZOOBINDIR")"
ZOOCFGDIR="${ZOOCFGDIR:-$ZOOKEEPER_PREFIX/conf}"
ZOOCFG="${ZOOCFG:-zoo.cfg}"
ZOO_LOG_DIR="${ZOO_LOG_DIR:-$ZOOKEEPER_PREFIX/logs}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# The configuration directory comes first so logback (log4j for 3.7) finds its config there.
CLASSPATH="$ZOOCFGDIR:$ZOOKEEPER_PREFIX/lib/*"
export CLASSPATH
