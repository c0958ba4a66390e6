#!/usr/bin/python3
"""The delivery benchmark's HTTPS webhook receiver (bench/delivery/run.sh): http.server over TLS, one thread per
connection, HTTP/1.1 keep-alive. Every POST's Recur-Signature is checked (HMAC-SHA256 of "<t>.<body>" with --secret)
and answered 200 "ok" (401 when it does not verify); nothing is kept.

    webhook_receiver.py --state DIR --cert CERT.pem --key KEY.pem --secret S

Prints the port on stdout once it listens. On SIGUSR1 (and on SIGTERM, then exits) writes DIR/stats.json
({"requests", "verified", "connections"}, counted since start).
"""
import argparse
import hashlib
import hmac
import json
import os
import signal
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

stats = {"requests": 0, "verified": 0, "connections": 0}
lock = threading.Lock()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--state", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--secret", required=True)
    args = parser.parse_args()
    os.makedirs(args.state, exist_ok=True)
    secret = args.secret.encode()

    def verified(header, body):
        timestamp, signatures = None, []
        for element in header.split(","):
            name, _, value = element.strip().partition("=")
            if name == "t":
                timestamp = value
            elif name == "v1":
                signatures.append(value)
        if timestamp is None:
            return False
        expected = hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        return any(hmac.compare_digest(expected, signature) for signature in signatures)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # The status line, headers and body leave in one write, with TCP_NODELAY: otherwise Nagle holds the body
        # back until the client's delayed ACK (40 ms a request).
        wbufsize = -1
        disable_nagle_algorithm = True

        def setup(self):
            super().setup()
            with lock:
                stats["connections"] += 1

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            ok = verified(self.headers.get("Recur-Signature", ""), body)
            with lock:
                stats["requests"] += 1
                stats["verified"] += ok
            answer = b"ok" if ok else b"bad signature"
            self.send_response(200 if ok else 401)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)

    def dump(*_):
        with lock:
            text = json.dumps(stats)
        with open(os.path.join(args.state, "stats.json.tmp"), "w") as file:
            file.write(text)
        os.replace(os.path.join(args.state, "stats.json.tmp"), os.path.join(args.state, "stats.json"))

    def stop(*_):
        try:
            dump()
        except OSError:  # the state folder may already be gone
            pass
        os._exit(0)

    signal.signal(signal.SIGUSR1, dump)
    signal.signal(signal.SIGTERM, stop)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
