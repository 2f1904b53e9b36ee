"""A kazoo client that creates PATH/w-N one after another until SIGTERM, then prints one JSON line:
the sequence numbers ZooKeeper acknowledged, failed attempts, the longest time between two
acknowledged writes (ms) and when it ended (ms since the epoch), and how often the session expired (kazoo's LOST state).
Usage: python kazoo-writer.py HOSTS PATH"""
import json
import signal
import sys
import time

from kazoo.client import KazooClient, KazooState
from kazoo_tls import tls_options

hosts, path = sys.argv[1:3]
rate = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
running = True


def stop(*_):
    global running
    running = False


signal.signal(signal.SIGTERM, stop)
expired = 0


def listener(state):
    global expired
    if state == KazooState.LOST:
        expired += 1


zk = KazooClient(hosts=hosts, timeout=30, connection_retry={"max_tries": -1, "delay": 0.05, "max_delay": 0.5}, **tls_options())
zk.add_listener(listener)
zk.start(timeout=30)
zk.ensure_path(path)
print("ready", flush=True)
acknowledged, failed, longest, longest_ended = [], 0, 0.0, time.time()
last = start = time.monotonic()
n = 0
while running:
    n += 1
    if rate > 0:
        time.sleep(max(0.0, start + (n - 1) / rate - time.monotonic()))
    try:
        zk.create(f"{path}/w-{n}", str(n).encode())
        acknowledged.append(n)
        now = time.monotonic()
        if now - last > longest:
            longest, longest_ended = now - last, time.time()
        last = now
    except Exception:
        failed += 1
        time.sleep(0.05)
zk.remove_listener(listener)  # stopping the client ends the session: not an expiry
zk.stop()
print(json.dumps({"acknowledged": acknowledged, "failed": failed, "longestGapMs": round(longest * 1000),
                  "longestGapEndedAt": round(longest_ended * 1000), "expired": expired}), flush=True)
