"""Writes the banking benchmark's CSV statement (bench/banking/run.sh) from the open invoices.

    statement.py < invoices.tsv > statement.csv      (number, outstanding, party name, due date; tab-separated)

Line k pays invoice k (by sequence) or is a fee, by k % 10:
  0-5  "VIR SEPA RECU /FACT <number>" from the party, the exact outstanding   → auto-reconciled (number + amount)
  6-7  the ISO 11649 creditor reference of the number in the reference column  → auto-reconciled (RF + amount)
  8    "VIREMENT CLIENT" from the party, the exact outstanding                   → suggested, left for a person
  9    a bank fee, money out, "FRAIS TENUE DE COMPTE"                             → the rule "FRAIS" → 6270
Columns (the bank account's csv_mapping): date DD/MM/YYYY; amount with a decimal comma; description; reference;
counterparty. Booked 0-6 days after the due date.
"""
import datetime
import decimal
import sys


def creditor_reference(payload):
    digits = "".join(str(int(c, 36)) for c in payload + "RF00")
    check = 98 - int(digits) % 97
    ref = "RF%02d%s" % (check, payload)
    return " ".join(ref[i:i + 4] for i in range(0, len(ref), 4))


out = sys.stdout
out.write("Date;Montant;Libelle;Reference;Contrepartie\n")
for k, row in enumerate(sys.stdin):
    number, outstanding, name, due = row.rstrip("\n").split("\t")
    day = datetime.date.fromisoformat(due) + datetime.timedelta(days=k % 7)
    date = day.strftime("%d/%m/%Y")
    amount = format(decimal.Decimal(outstanding).quantize(decimal.Decimal("0.01")), "f").replace(".", ",")
    kind = k % 10
    if kind <= 5:
        out.write("%s;%s;VIR SEPA RECU /FACT %s;;%s\n" % (date, amount, number, name.upper()))
    elif kind <= 7:
        payload = "".join(c for c in number if c.isalnum()).upper()
        out.write("%s;%s;VIR SEPA RECU;%s;%s\n" % (date, amount, creditor_reference(payload), name.upper()))
    elif kind == 8:
        out.write("%s;%s;VIREMENT CLIENT;;%s\n" % (date, amount, name.upper()))
    else:
        out.write("%s;-4,50;FRAIS TENUE DE COMPTE %d;;\n" % (date, k))
