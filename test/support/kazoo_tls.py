"""kazoo's TLS options from the environment: KAZOO_TLS_CA, KAZOO_TLS_CERT and KAZOO_TLS_KEY name the
CA, client certificate and key files (kazoo.ts, kazooTlsEnv); none when KAZOO_TLS_CA is unset."""
import os


def tls_options():
    if not os.environ.get("KAZOO_TLS_CA"):
        return {}
    return {"use_ssl": True, "verify_certs": True, "ca": os.environ["KAZOO_TLS_CA"],
            "certfile": os.environ["KAZOO_TLS_CERT"], "keyfile": os.environ["KAZOO_TLS_KEY"]}
