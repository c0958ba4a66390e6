#!/usr/bin/python3
"""The delivery benchmark's local SMTP relay: accepts every message and discards it (bench/delivery/run.sh).

    smtp_sink.py --state DIR [--impl sink|aiosmtpd]

`sink` (default): a minimal SMTP server on one asyncio event loop, plain text (no STARTTLS offered: recur-worker
runs with RECUR_SMTP_TLS=optional), answering EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP and QUIT; a message ends at
CRLF.CRLF, found with bytes.find over what arrived (no per-line Python work), and is dropped. `aiosmtpd`: Debian's
aiosmtpd with a handler that discards (the tests' relay, for comparison: it reads the data line by line).

Prints the port on stdout once it listens. On SIGUSR1 (and on SIGTERM, then exits) writes DIR/stats.json ({"messages", "bytes",
"connections"}, counted since start); DIR/first.eml is the first message received (dot-stuffing undone), to check its size and
structure.
"""
import argparse
import asyncio
import json
import os
import signal
import sys

stats = {"messages": 0, "bytes": 0, "connections": 0}
state_dir = "."


def keep_first(data: bytes):
    if stats["messages"] == 1:
        with open(os.path.join(state_dir, "first.eml"), "wb") as file:
            file.write(data.replace(b"\r\n..", b"\r\n."))


class Sink(asyncio.Protocol):
    """One SMTP session: commands line by line, the message data in bulk."""

    def connection_made(self, transport):
        stats["connections"] += 1
        self.transport = transport
        self.buffer = bytearray()
        self.in_data = False
        self.scanned = 0
        transport.write(b"220 sink ESMTP\r\n")

    def data_received(self, data):
        self.buffer += data
        while True:
            if self.in_data:
                end = self.buffer.find(b"\r\n.\r\n", max(0, self.scanned - 4))
                if end < 0:
                    self.scanned = len(self.buffer)
                    return
                stats["messages"] += 1
                stats["bytes"] += end + 2
                if stats["messages"] == 1:
                    keep_first(bytes(self.buffer[: end + 2]))
                del self.buffer[: end + 5]
                self.in_data = False
                self.scanned = 0
                self.transport.write(b"250 2.0.0 Ok: queued\r\n")
                continue
            end = self.buffer.find(b"\r\n")
            if end < 0:
                return
            line = bytes(self.buffer[:end])
            del self.buffer[: end + 2]
            self.command(line)

    def command(self, line: bytes):
        verb = line[:4].upper()
        if verb == b"EHLO":
            self.transport.write(b"250-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 104857600\r\n")
        elif verb in (b"HELO", b"MAIL", b"RCPT", b"RSET", b"NOOP"):
            self.transport.write(b"250 2.0.0 Ok\r\n")
        elif verb == b"DATA":
            self.in_data = True
            self.scanned = 0
            self.transport.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
        elif verb == b"QUIT":
            self.transport.write(b"221 2.0.0 Bye\r\n")
            self.transport.close()
        else:
            self.transport.write(b"502 5.5.2 Command not recognized\r\n")


class Discard:
    """aiosmtpd handler: counts, keeps the first message, drops the rest."""

    async def handle_DATA(self, server, session, envelope):
        stats["messages"] += 1
        stats["bytes"] += len(envelope.original_content or envelope.content)
        keep_first(envelope.original_content or envelope.content)
        return "250 2.0.0 Ok: queued"


def main():
    global state_dir
    parser = argparse.ArgumentParser()
    parser.add_argument("--state", required=True)
    parser.add_argument("--impl", choices=["sink", "aiosmtpd"], default="sink")
    args = parser.parse_args()
    state_dir = args.state
    os.makedirs(state_dir, exist_ok=True)
    loop = asyncio.new_event_loop()
    if args.impl == "sink":
        factory = Sink
    else:
        from aiosmtpd.smtp import SMTP

        class Counted(SMTP):
            def connection_made(self, transport):
                stats["connections"] += 1
                super().connection_made(transport)

        def factory():
            return Counted(Discard(), data_size_limit=None, enable_SMTPUTF8=True)

    server = loop.run_until_complete(loop.create_server(factory, "127.0.0.1", 0))

    def dump():
        with open(os.path.join(state_dir, "stats.json.tmp"), "w") as file:
            json.dump(stats, file)
        os.replace(os.path.join(state_dir, "stats.json.tmp"), os.path.join(state_dir, "stats.json"))

    def stop():
        try:
            dump()
        except OSError:  # the state folder may already be gone (run.sh removes it as it stops the relay)
            pass
        loop.stop()

    loop.add_signal_handler(signal.SIGUSR1, dump)
    loop.add_signal_handler(signal.SIGTERM, stop)
    loop.add_signal_handler(signal.SIGINT, stop)
    print(server.sockets[0].getsockname()[1], flush=True)
    loop.run_forever()


if __name__ == "__main__":
    sys.exit(main())
