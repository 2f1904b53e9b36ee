/**
 * Shell scripts the pods run, shipped in the ConfigMap. They use only bash and coreutils from the
 * official image, take everything ensemble-specific from the environment (INIT_ENV) or their
 * arguments, and never change the ensemble: the init script writes local files, the probes only
 * read `srvr` and `ruok`.
 */

import { DYNAMIC_CONFIG_FILE_NAME, joinerConfigKey } from './pod-layout.ts';

export const INIT_SCRIPT = 'init.sh';
export const READY_SCRIPT = 'ready.sh';
export const LIVE_SCRIPT = 'live.sh';
export const TLS_FILES_SCRIPT = 'tls-files.sh';
export const TLS_READY_SCRIPT = 'tls-ready.sh';

/** The environment the init script reads. */
export const INIT_ENV = {
  podName: 'POD_NAME',
  sourceDir: 'ZKOP_SOURCE_DIR',
  confDir: 'ZKOP_CONF_DIR',
  dataDir: 'ZKOP_DATA_DIR',
  dataLogDir: 'ZKOP_DATA_LOG_DIR',
  loggingFile: 'ZKOP_LOGGING_FILE',
  memberDomain: 'ZKOP_MEMBER_DOMAIN',
  quorumPort: 'ZKOP_QUORUM_PORT',
  electionPort: 'ZKOP_ELECTION_PORT',
  clientPort: 'ZKOP_CLIENT_PORT',
  clientBindAddress: 'ZKOP_CLIENT_BIND_ADDRESS',
  peerWaitSeconds: 'ZKOP_PEER_WAIT_SECONDS',
  classArchiveDir: 'ZKOP_CLASS_ARCHIVE_DIR',
  jvmFlags: 'ZKOP_JVM_FLAGS',
} as const;

/** How long a member waits for a majority of the voters' names to resolve before it starts anyway. */
export const PEER_WAIT_SECONDS = 60;

const e = INIT_ENV;

const initScript = `#!/bin/bash
# Written by zkop. Prepares this member's writable config on its data volume before every start.
set -euo pipefail

id=$(( \${${e.podName}##*-} + 1 ))
conf="$${e.confDir}"
mkdir -p "$conf" "$${e.dataDir}" "$${e.dataLogDir}"

# myid = StatefulSet ordinal + 1.
printf '%s\\n' "$id" > "$${e.dataDir}/myid"

# Copies are written with cat, not cp: the ConfigMap's files are read-only and cp keeps that mode.
# The dynamic config: once ZooKeeper has one that lists this member, it is the newest this member
# accepted. ZooKeeper writes it on every reconfig to a new file named after the config version and
# points zoo.cfg at it; that file is kept as it is. A new member starts from the config in the
# ConfigMap, named after its version so a leader at that version keeps it, plus itself as an
# observer when it is not listed; a reconfig promotes it later. The joiner whose vote the new voters
# need starts from its own config in the ConfigMap, listing itself as a participant. A joiner that
# restarts before it is added holds the leader's config without itself (ZooKeeper would refuse to
# start): it joins again.
dynamic=""
if [ -f "$conf/zoo.cfg" ]; then
  dynamic="$(sed -n 's/^dynamicConfigFile=//p' "$conf/zoo.cfg" | tail -n 1)"
fi
joiner="$${e.sourceDir}/${joinerConfigKey('$id')}"
if [ -f "$joiner" ] && grep -qs "^server\\.$id=.*:observer;" "$dynamic"; then
  dynamic="" # it must join as a participant now
fi
if [ -z "$dynamic" ] || [ ! -s "$dynamic" ] || ! grep -q "^server\\.$id=" "$dynamic"; then
  source="$${e.sourceDir}/${DYNAMIC_CONFIG_FILE_NAME}"
  [ ! -f "$joiner" ] || source="$joiner"
  version="$(cat "$source.version")"
  dynamic="$conf/${DYNAMIC_CONFIG_FILE_NAME}"
  [ "$version" = 0 ] || dynamic="$dynamic.$version"
  rm -f "$dynamic.tmp"
  cat "$source" > "$dynamic.tmp"
  if ! grep -q "^server\\.$id=" "$dynamic.tmp"; then
    printf 'server.%s=%s.%s:%s:%s:observer;%s:%s\\n' "$id" "$${e.podName}" "$${e.memberDomain}" \\
      "$${e.quorumPort}" "$${e.electionPort}" "$${e.clientBindAddress}" "$${e.clientPort}" >> "$dynamic.tmp"
  fi
  mv -f "$dynamic.tmp" "$dynamic"
fi

# Its own line names the plain client address this start binds (loopback with client TLS): a
# reconfig that later writes the same address into the committed config then finds nothing to
# rebind, where a running member would fail to bind loopback while it holds every interface.
own="$(grep -m 1 "^server\\.$id=" "$dynamic" || true)"
bound="$(printf '%s' "$own" | sed "s/^\\(.*;\\)[^;]*\\(:[0-9]*\\)$/\\1$${e.clientBindAddress}\\2/")"
if [ "$own" != "$bound" ]; then
  sed "s|^server\\.$id=.*$|$bound|" "$dynamic" > "$dynamic.tmp"
  mv -f "$dynamic.tmp" "$dynamic"
fi

# ZooKeeper's leader election backs off for up to a minute after it fails to reach a peer, and a
# peer whose pod has no address yet has no name: wait (bounded) until a majority of the voters other
# than this member resolve, so a new ensemble elects at once. Its own name is not asked for, as a
# negative answer would be cached.
voters="$(sed -n 's/^server\\.\\([0-9]*\\)=\\([^:]*\\):.*:participant;.*/\\1 \\2/p' "$dynamic")"
total="$(printf '%s\\n' "$voters" | grep -c . || true)"
need=$(( total / 2 + 1 ))
if printf '%s\\n' "$voters" | grep -q "^$id "; then need=$(( need - 1 )); fi
for _ in $(seq 1 "$${e.peerWaitSeconds}"); do
  resolved=0
  while read -r peer host; do
    [ -n "$peer" ] && [ "$peer" != "$id" ] || continue
    if getent hosts "$host" > /dev/null; then resolved=$(( resolved + 1 )); fi
  done <<< "$voters"
  [ "$resolved" -lt "$need" ] || break
  sleep 1
done

# The static and logging config always come from the ConfigMap, so changes apply at the next start;
# zoo.cfg is pointed at the member's dynamic config.
sed "s|^dynamicConfigFile=.*|dynamicConfigFile=$dynamic|" "$${e.sourceDir}/zoo.cfg" > "$conf/zoo.cfg.tmp"
mv -f "$conf/zoo.cfg.tmp" "$conf/zoo.cfg"
cat "$${e.sourceDir}/$${e.loggingFile}" > "$conf/$${e.loggingFile}.tmp"
mv -f "$conf/$${e.loggingFile}.tmp" "$conf/$${e.loggingFile}"

# Class-data sharing (Java 11 and later): the server maps an archive of the classes its runs load,
# so a restarted member serves sooner. Every run records the classes it loads in a list (written as
# they load); when there is no archive for this image's jars, its Java and the JVM flags, it is built
# here from the last run's list, before the server starts. No archive is written as the server stops:
# that would hold its clients' connections open meanwhile. A run cut short lists fewer classes: its
# list replaces the last one only when it is at least three quarters as long. zkServer.sh sources
# java.env; the archive is built with the class path zkEnv.sh gives zkServer.sh.
rm -f "$conf/java.env"
java="\${JAVA_HOME:+$JAVA_HOME/bin/}java"
release="\${JAVA_HOME:-/nonexistent}/release"
major="$(sed -n 's/^JAVA_VERSION="\\([0-9]*\\).*/\\1/p' "$release" 2> /dev/null || true)"
server="$(command -v zkServer.sh || true)"
bin="$(dirname "\${server:-/nonexistent/bin/zkServer.sh}")"
lib="$bin/../lib"
archives="$${e.classArchiveDir}"
mkdir -p "$archives" 2> /dev/null || true
if [ "\${major:-0}" -ge 11 ] && [ -d "$lib" ] && [ -w "$archives" ]; then
  key="$({ ls -lL --time-style=+%s "$lib"; cat "$release"; printf '%s' "$${e.jvmFlags}"; } | cksum | cut -d' ' -f1)"
  archive="$archives/classes-$key.jsa"
  list="$archives/classes.lst"
  if [ -s "$list.new" ] && { [ ! -s "$list" ] || [ $(( $(wc -l < "$list.new") * 4 )) -ge $(( $(wc -l < "$list") * 3 )) ]; }; then
    mv -f "$list.new" "$list"
  fi
  for old in "$archives"/*; do
    case "$old" in "$archive" | "$list") ;; *) rm -f "$old" ;; esac
  done
  if [ ! -f "$archive" ] && [ -s "$list" ]; then
    classpath="$(ZOOCFGDIR="$conf" bash -c '. "$1/zkEnv.sh" > /dev/null 2>&1; printf %s "$CLASSPATH"' zkEnv "$bin")"
    options=()
    read -ra words <<< "$${e.jvmFlags}"
    for flag in "\${words[@]}"; do
      case "$flag" in -XX:*) options+=("$flag") ;; esac
    done
    if "$java" -Xshare:dump -XX:SharedClassListFile="$list" -XX:SharedArchiveFile="$archive.tmp" \\
      "\${options[@]}" -cp "$classpath" > "$archives/dump.log" 2>&1; then
      mv -f "$archive.tmp" "$archive"
    else
      echo "class-data sharing: no archive: $(tail -n 1 "$archives/dump.log")" >&2
    fi
    rm -f "$archive.tmp" "$archives/dump.log"
  fi
  flags="-XX:DumpLoadedClassList=$list.new"
  [ ! -f "$archive" ] || flags="-XX:SharedArchiveFile=$archive $flags"
  printf 'SERVER_JVMFLAGS="\${SERVER_JVMFLAGS:-} %s"\\n' "$flags" > "$conf/java.env"
fi
`;

const readyScript = `#!/bin/bash
# Written by zkop. Ready = the member serves clients: \`srvr\` reports leader, follower or observer.
# Reads only; never changes the ensemble. Usage: ready.sh CLIENT_PORT
set -eu
exec 3<>"/dev/tcp/127.0.0.1/$1"
printf 'srvr' >&3
grep -qE '^Mode: (leader|follower|observer)$' <&3
`;

const liveScript = `#!/bin/bash
# Written by zkop. Alive = the server process answers \`ruok\` with \`imok\` (quorum or not).
# Reads only; never changes the ensemble. Usage: live.sh CLIENT_PORT
set -eu
exec 3<>"/dev/tcp/127.0.0.1/$1"
printf 'ruok' >&3
[ "$(cat <&3)" = imok ]
`;

const tlsFilesScript = `#!/bin/bash
# Written by zkop. Keeps ZooKeeper's PEM stores in DIR as real files, from the certificate Secret
# mounted at SOURCE: the key store is the private key and the certificate chain in one file, the
# trust store the CA. A store is rewritten, by rename, only when its content changes: ZooKeeper
# reloads a store when a file event names it. Until the Secret has all three keys, nothing is
# written (and the member does not start). Usage: tls-files.sh SOURCE DIR [SECONDS between looks]
set -u
source_dir="$1"
dir="$2"
interval="\${3:-5}"
# As the container's first process, bash would ignore SIGTERM and hold the pod's deletion up for
# its whole grace period; waiting on sleep in the background lets the trap end it at once.
trap 'exit 0' TERM INT
# write FILE CONTENT: replaces FILE by rename when CONTENT differs from what it holds.
write() {
  if [ "$(cat "$1" 2> /dev/null)" != "$2" ]; then
    printf '%s\\n' "$2" > "$1.tmp" && mv -f "$1.tmp" "$1"
  fi
}
while :; do
  if [ -s "$source_dir/tls.key" ] && [ -s "$source_dir/tls.crt" ] && [ -s "$source_dir/ca.crt" ]; then
    write "$dir/keystore.pem" "$(cat "$source_dir/tls.key"; echo; cat "$source_dir/tls.crt")"
    write "$dir/truststore.pem" "$(cat "$source_dir/ca.crt")"
  fi
  sleep "$interval" &
  wait $!
done
`;

const tlsReadyScript = `#!/bin/bash
# Written by zkop. Ready = both PEM stores exist in DIR (tls-files.sh wrote them). Usage: tls-ready.sh DIR
[ -s "$1/keystore.pem" ] && [ -s "$1/truststore.pem" ]
`;

export const SCRIPTS: Readonly<Record<string, string>> = {
  [INIT_SCRIPT]: initScript,
  [READY_SCRIPT]: readyScript,
  [LIVE_SCRIPT]: liveScript,
  [TLS_FILES_SCRIPT]: tlsFilesScript,
  [TLS_READY_SCRIPT]: tlsReadyScript,
};
