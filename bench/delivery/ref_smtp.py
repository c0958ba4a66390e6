#!/usr/bin/python3
"""Reference SMTP client of the delivery benchmark: the relay's own intake (bench/delivery/run.sh).

    ref_smtp.py write PDF OUT.eml            an invoice e-mail like Recur's: text + HTML alternative, PDF attached
    ref_smtp.py send PORT MESSAGE.eml COUNT  sends it COUNT times over one connection, one after the other

`send` builds nothing while the clock runs: the message bytes are ready, smtplib's sendmail does MAIL, RCPT, DATA,
the data (dot-stuffed by smtplib) and waits for the 250, as libcurl does on a kept connection. Prints
"messages=N seconds=S per_second=R".
"""
import smtplib
import sys
import time
from email.message import EmailMessage
from email.utils import formatdate


def write(pdf_path, out_path):
    with open(pdf_path, "rb") as file:
        pdf = file.read()
    message = EmailMessage()
    message["Date"] = formatdate(usegmt=True)
    message["From"] = "Bench Supplier <billing@supplier.example>"
    message["To"] = "billing@customer.example"
    message["Subject"] = "Invoice INV-2026-000001 from your supplier"
    message["Message-ID"] = "<0193b0f2-0000-7000-8000-000000000001@notifications.recur>"
    text = ("Dear Customer, please find invoice INV-2026-000001 of 2026-06-30 for 125.00 EUR, due on 2026-07-14. "
            "Reference: Invoice for 06-2026\n")
    message.set_content(text, cte="quoted-printable")
    message.add_alternative("<!DOCTYPE html>\n<html><body><p>%s</p></body></html>\n" % text.strip(), subtype="html",
                            cte="quoted-printable")
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename="INV-2026-000001.pdf")
    with open(out_path, "wb") as file:
        file.write(message.as_bytes(policy=message.policy.clone(linesep="\r\n")))


def send(port, message_path, count):
    with open(message_path, "rb") as file:
        message = file.read()
    client = smtplib.SMTP("127.0.0.1", port)
    client.ehlo("reference")
    start = time.perf_counter()
    for _ in range(count):
        client.sendmail("billing@supplier.example", ["billing@customer.example"], message)
    seconds = time.perf_counter() - start
    client.quit()
    print("messages=%d seconds=%.3f per_second=%.1f" % (count, seconds, count / seconds))


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], sys.argv[3])
    else:
        send(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
