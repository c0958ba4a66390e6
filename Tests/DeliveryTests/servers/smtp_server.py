#!/usr/bin/python3
"""A real SMTP server for the Delivery tests: aiosmtpd on 127.0.0.1, STARTTLS required, AUTH LOGIN/PLAIN required
(only after TLS), every accepted message saved in STATE/messages as NNNN.eml with NNNN.json beside it
({"mail_from", "rcpt_tos", "session"}), the number of SMTP sessions so far in STATE/sessions.

Replies on demand: STATE/control.json, read at each RCPT and DATA, holds lists of replies to give instead of
accepting, used up one per command: {"rcpt": ["550 5.1.1 No such user"], "data": ["451 4.3.0 Try later", "drop"]}.
"drop" (DATA only) closes the connection after the message data, without a reply.

    smtp_server.py --state DIR --cert CERT.pem --key KEY.pem --user NAME --password SECRET

Prints the port on stdout once it listens. Needs Debian's python3-aiosmtpd (deploy/test.sh installs it).
"""
import argparse
import asyncio
import json
import os
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
import ssl


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--state", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    args = parser.parse_args()
    os.makedirs(os.path.join(args.state, "messages"), exist_ok=True)

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    counters = {"sessions": 0, "messages": 0}

    def write_atomically(path, text):
        with open(path + ".tmp", "w") as file:
            file.write(text)
        os.replace(path + ".tmp", path)

    def take(kind):
        """The next scripted reply for `kind`, removed from the control file; None to accept."""
        path = os.path.join(args.state, "control.json")
        try:
            with open(path) as file:
                control = json.load(file)
        except (FileNotFoundError, json.JSONDecodeError):
            return None
        replies = control.get(kind) or []
        if not replies:
            return None
        reply = replies.pop(0)
        control[kind] = replies
        write_atomically(path, json.dumps(control))
        return reply

    def authenticator(server, session, envelope, mechanism, auth_data):
        if (isinstance(auth_data, LoginPassword) and auth_data.login == args.user.encode()
                and auth_data.password == args.password.encode()):
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    class Handler:
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
            reply = take("rcpt")
            if reply:
                return reply
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server, session, envelope):
            reply = take("data")
            if reply == "drop":
                server.transport.abort()
                return "250 never seen"
            if reply:
                return reply
            counters["messages"] += 1
            stem = os.path.join(args.state, "messages", "%04d" % counters["messages"])
            with open(stem + ".eml", "wb") as file:
                file.write(envelope.original_content or envelope.content)
            write_atomically(stem + ".json", json.dumps({
                "mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "session": server.recur_session}))
            return "250 2.0.0 Accepted as %04d" % counters["messages"]

    handler = Handler()

    def factory():
        counters["sessions"] += 1
        write_atomically(os.path.join(args.state, "sessions"), str(counters["sessions"]))
        smtp = SMTP(
            handler, hostname="recur-test-smtp", tls_context=context, require_starttls=True,
            auth_required=True, auth_require_tls=True, authenticator=authenticator)
        smtp.recur_session = counters["sessions"]
        return smtp

    async def serve():
        server = await asyncio.get_running_loop().create_server(factory, host="127.0.0.1", port=0)
        print(server.sockets[0].getsockname()[1], flush=True)
        async with server:
            await server.serve_forever()

    asyncio.run(serve())


if __name__ == "__main__":
    sys.exit(main())
