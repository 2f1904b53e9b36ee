"""Opens a TCP connection to HOST:PORT every 100 ms until SIGTERM, then prints one JSON line: how many
attempts were accepted, refused (or reset), and when (ms since the epoch) an attempt got no answer
within 3 s, as a SYN sent to an address that is gone does. Usage: python connect-probe.py HOST PORT"""
import json
import signal
import socket
import sys
import time

host, port = sys.argv[1], int(sys.argv[2])
running = True


def stop(*_):
    global running
    running = False


signal.signal(signal.SIGTERM, stop)
accepted, refused, unanswered = 0, 0, []
print("ready", flush=True)
while running:
    began = time.time()
    try:
        with socket.create_connection((host, port), timeout=3):
            accepted += 1
    except socket.timeout:
        unanswered.append(round(began * 1000))
    except OSError:
        refused += 1
    time.sleep(max(0.0, began + 0.1 - time.time()))
print(json.dumps({"accepted": accepted, "refused": refused, "unanswered": unanswered}), flush=True)
