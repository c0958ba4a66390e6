#!/usr/bin/python3
"""A real HTTPS webhook receiver for the Delivery tests: http.server over TLS on 127.0.0.1 (HTTP/1.1, keep-alive).

Each POST is checked against Recur-Signature ("t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>", 300 s
tolerance) with every --secret, and recorded as one line of STATE/deliveries.jsonl: {"path", "headers", "body",
"verified_secret" (index of the matching secret, or null), "connection"}. STATE/connections counts TCP connections.

Answers 200 "ok" when the signature verifies, 401 otherwise, unless STATE/control.json scripts the next answers,
used up one per request: {"responses": [{"status": 500}, {"status": 410}, {"sleep": 3}, {"status": 200,
"body_size": 3000}]}.

    webhook_server.py --state DIR --cert CERT.pem --key KEY.pem --secret S [--secret S2 ...]

Prints the port on stdout once it listens.
"""
import argparse
import hashlib
import hmac
import json
import os
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--state", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--secret", action="append", default=[])
    args = parser.parse_args()
    os.makedirs(args.state, exist_ok=True)
    lock = threading.Lock()
    counters = {"connections": 0}

    def write_atomically(path, text):
        with open(path + ".tmp", "w") as file:
            file.write(text)
        os.replace(path + ".tmp", path)

    def take_response():
        path = os.path.join(args.state, "control.json")
        try:
            with open(path) as file:
                control = json.load(file)
        except (FileNotFoundError, json.JSONDecodeError):
            return {}
        responses = control.get("responses") or []
        if not responses:
            return {}
        response = responses.pop(0)
        control["responses"] = responses
        write_atomically(path, json.dumps(control))
        return response

    def verified_secret(header, body):
        fields = {}
        signatures = []
        for element in header.split(","):
            name, _, value = element.strip().partition("=")
            if name == "v1":
                signatures.append(value)
            else:
                fields[name] = value
        try:
            timestamp = int(fields.get("t", ""))
        except ValueError:
            return None
        if abs(time.time() - timestamp) > 300:
            return None
        signed = ("%d." % timestamp).encode() + body
        for index, secret in enumerate(args.secret):
            expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
            if any(hmac.compare_digest(expected, signature) for signature in signatures):
                return index
        return None

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self):
            super().setup()
            with lock:
                counters["connections"] += 1
                self.connection_number = counters["connections"]
                write_atomically(os.path.join(args.state, "connections"), str(counters["connections"]))

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            secret = verified_secret(self.headers.get("Recur-Signature", ""), body)
            with lock:
                with open(os.path.join(args.state, "deliveries.jsonl"), "a") as file:
                    file.write(json.dumps({
                        "path": self.path, "headers": dict(self.headers.items()),
                        "body": body.decode("utf-8", "replace"), "verified_secret": secret,
                        "connection": self.connection_number}) + "\n")
                response = take_response()
            if "sleep" in response:
                time.sleep(response["sleep"])
            status = response.get("status", 200 if secret is not None else 401)
            payload = (b"x" * response["body_size"]) if "body_size" in response else b"ok"
            try:
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                pass

        def log_message(self, format, *arguments):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
