# shellcheck shell=bash disable=SC2034
# Sourced by zkServer.sh and zkCli.sh: where this ZooKeeper lives, which configuration
# and log directories it uses, and how Java is started.
ZOOBINDIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ZOOKEEPER_PREFIX="$(dirname "$ZOOBINDIR")"
ZOOCFGDIR="${ZOOCFGDIR:-$ZOOKEEPER_PREFIX/conf}"
ZOOCFG="${ZOOCFG:-zoo.cfg}"
ZOO_LOG_DIR="${ZOO_LOG_DIR:-$ZOOKEEPER_PREFIX/logs}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# As the release's zkEnv.sh: the site's java.env, then the jars, then the configuration directory
# (where logback, or log4j for 3.7, finds its config; no jar carries one).
if [ -f "$ZOOCFGDIR/java.env" ]; then
  # shellcheck source=/dev/null
  source "$ZOOCFGDIR/java.env"
fi
CLASSPATH=""
for jar in "$ZOOKEEPER_PREFIX"/lib/*.jar; do CLASSPATH="$CLASSPATH$jar:"; done
CLASSPATH="$CLASSPATH$ZOOCFGDIR"
export CLASSPATH
