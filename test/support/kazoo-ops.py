# kazoo, one session, a list of operations: argv hosts, user ('-' for none), password, then ops
# `create:PATH[:DATA]`, `get:PATH`, `delete:PATH`. Prints one line per op: `ok [data]` or the
# exception's name; `session <exception>` when no session could be made. Over TLS when KAZOO_TLS_CA,
# KAZOO_TLS_CERT and KAZOO_TLS_KEY name the CA, client certificate and key files.
import sys
from kazoo.client import KazooClient
from kazoo_tls import tls_options

hosts, user, password = sys.argv[1:4]
sasl = None if user == "-" else {"mechanism": "DIGEST-MD5", "username": user, "password": password}
zk = KazooClient(hosts=hosts, sasl_options=sasl, connection_retry={"max_tries": 2}, command_retry={"max_tries": 0},
                 **tls_options())
try:
    zk.start(timeout=15)
except Exception as e:
    print("session " + type(e).__name__)
    sys.exit(0)
try:
    for op in sys.argv[4:]:
        kind, path, *data = op.split(":", 2)
        try:
            if kind == "create":
                zk.create(path, (data[0] if data else "").encode())
                print("ok")
            elif kind == "get":
                print("ok " + zk.get(path)[0].decode())
            elif kind == "delete":
                zk.delete(path)
                print("ok")
        except Exception as e:
            print(type(e).__name__)
finally:
    zk.stop()
