#!/usr/bin/python3
"""Reads a received .eml back with Python's email package (policy.default: RFC 2047/2231 decoded) and prints JSON:
{"headers": {name: [decoded values]}, "raw_headers": [raw lines], "structure": ["multipart/mixed", " multipart/alternative",
...], "text", "html", "attachments": [{"filename", "content_type", "sha256", "size"}], "defects": [...],
"max_line_length", "bare_newlines"}.

    inspect_mail.py FILE.eml
"""
import email
import email.policy
import hashlib
import json
import sys


def main():
    raw = open(sys.argv[1], "rb").read()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    headers = {}
    for name, value in message.items():
        headers.setdefault(name, []).append(str(value))
    structure = []
    defects = [repr(defect) for defect in message.defects]
    attachments = []
    text = html = None

    def walk(part, depth):
        nonlocal text, html
        structure.append(" " * depth + part.get_content_type())
        defects.extend(repr(defect) for defect in part.defects)
        if part.is_multipart():
            for child in part.iter_parts():
                walk(child, depth + 1)
        elif part.get_content_disposition() == "attachment":
            payload = part.get_payload(decode=True)
            attachments.append({
                "filename": part.get_filename(), "content_type": part.get_content_type(),
                "sha256": hashlib.sha256(payload).hexdigest(), "size": len(payload)})
        elif part.get_content_type() == "text/plain":
            text = part.get_content()
        elif part.get_content_type() == "text/html":
            html = part.get_content()

    walk(message, 0)
    lines = raw.split(b"\r\n")
    print(json.dumps({
        "headers": headers, "structure": structure, "text": text, "html": html, "attachments": attachments,
        "defects": defects, "max_line_length": max(len(line) for line in lines),
        "bare_newlines": raw.replace(b"\r\n", b"").count(b"\n"),
        "raw_headers": raw.split(b"\r\n\r\n", 1)[0].decode("ascii", "replace").split("\r\n")}))


if __name__ == "__main__":
    sys.exit(main())
