#!/usr/bin/env python3
"""A local HTTPS webhook receiver for trying Recur's webhooks: it verifies each delivery's signature the way a real
receiver should (docs/delivery.md, "Receiving a webhook") and prints what it got.

    deploy/webhook-receiver.py --port 8443 --dir .webhook   # writes .webhook/ca.pem, then serves
    RECUR_WEBHOOK_SECRETS=whsec_… deploy/webhook-receiver.py  # secrets to verify with (comma-separated)

Register https://127.0.0.1:8443/hooks/recur as an endpoint, and run the worker with
RECUR_WEBHOOK_CA_FILE=.webhook/ca.pem RECUR_WEBHOOK_ALLOW_PRIVATE_NETWORKS=1 (a loopback address and a self-signed
certificate: both refused by default). Standard library and the openssl command only.
"""

import argparse
import hashlib
import hmac
import http.server
import json
import os
import ssl
import subprocess
import sys
import time

TOLERANCE_SECONDS = 300


def verify(raw_body: bytes, header: str, secrets: list[str], now: float) -> str:
    """'ok', or why the signature does not verify."""
    fields = [part.strip().split("=", 1) for part in header.split(",") if "=" in part]
    timestamps = [value for name, value in fields if name == "t"]
    signatures = [value for name, value in fields if name == "v1"]
    if len(timestamps) != 1 or not timestamps[0].isdigit() or not signatures:
        return "malformed Recur-Signature"
    if abs(now - int(timestamps[0])) > TOLERANCE_SECONDS:
        return f"timestamp more than {TOLERANCE_SECONDS} s away"
    if not secrets:
        return "no secret to verify with (set RECUR_WEBHOOK_SECRETS)"
    signed = timestamps[0].encode() + b"." + raw_body
    expected = [hmac.new(s.encode(), signed, hashlib.sha256).hexdigest() for s in secrets]
    if any(hmac.compare_digest(e, v) for e in expected for v in signatures):
        return "ok"
    return "no v1 matches a known secret"


def certificate(folder: str) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1 and localhost, made once in `folder`."""
    os.makedirs(folder, exist_ok=True)
    cert, key = os.path.join(folder, "ca.pem"), os.path.join(folder, "key.pem")
    if not (os.path.exists(cert) and os.path.exists(key)):
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-days", "365", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
             "-addext", "basicConstraints=critical,CA:TRUE", "-keyout", key, "-out", cert],
            check=True, capture_output=True)
    return cert, key


def handler(secrets: list[str], seen: set[str]):
    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            event_id = self.headers.get("Recur-Event-Id", "")
            verdict = verify(raw, self.headers.get("Recur-Signature", ""), secrets, time.time())
            duplicate = event_id in seen
            if verdict == "ok":
                seen.add(event_id)
            try:
                event_type = json.loads(raw).get("type", "?")
            except ValueError:
                event_type = "?"
            note = " (seen before: dropped)" if duplicate else ""
            print(f"{event_type} {event_id} signature {verdict}{note}", flush=True)
            self.send_response(204 if verdict == "ok" else 400)
            self.end_headers()

        def log_message(self, *args):
            pass

    return Receiver


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8443)
    parser.add_argument("--dir", default=".webhook", help="where the certificate is kept (ca.pem)")
    args = parser.parse_args()
    secrets = [s for s in os.environ.get("RECUR_WEBHOOK_SECRETS", "").split(",") if s]
    cert, key = certificate(args.dir)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler(secrets, set()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print(f"listening on https://127.0.0.1:{args.port}/ (certificate {cert})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
