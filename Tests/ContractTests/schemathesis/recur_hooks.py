"""Schemathesis hooks of Recur's contract test (SchemathesisContractTests).

A request valid per the OpenAPI document may still be refused with 422 for a rule that no JSON Schema can state:
a referenced record that does not exist or is archived, a name already used, a state that forbids the change, a
sum that must match, the decimal places of a currency known only at run time. Every other refusal of a valid
request means the document and the server disagree, and fails this check. The built-in positive_data_acceptance
check accepts 422 (schemathesis.toml) and leaves 422s to this one.
"""

import json
import re

import schemathesis

try:  # coverage probes of statuses the document does not list are not requests to judge
    from schemathesis.specs.openapi.checks import is_unexpected_http_status_case
except ImportError:  # pragma: no cover
    def is_unexpected_http_status_case(case):
        return False

# Each entry: one kind of rule, matched against a field error's `detail`. Add one only for a rule that the
# document cannot state; anything a JSON Schema can say belongs in the document instead.
RULES = [
    # References to other records: missing, archived, or of the wrong kind.
    r"^names no( active)? [a-z ]+$",
    r"^names an archived [a-z ]+$",
    r"^is archived$",
    r"^must name an active( asset)? (account|party)$",
    r"^must be an? (vendor|customer|expense account|income or expense account|(asset|liability) account for an? (customer|vendor))$",
    r"^has no recurring invoice template$",
    # Uniqueness and state.
    r"^is already used by another [a-z ]+$",
    r"^is already planned on another line$",
    r"^names the same [a-z ]+ twice$",
    r"^must not repeat a value$",  # equal values written differently ("80", "80.0")
    r"^cannot change ",
    # Tax codes: a PATCH is checked against the stored code (its category or rate may be the one not sent).
    r"^must be (greater than 0|0) for the category [a-z_]+$",
    r"^is required for the category [a-z_]+ \(e-invoices carry it, EN 16931 BT-120\)$",
    # Opaque tokens the API issued.
    r"^is not a cursor this API issued$",
    r"^is not a valid invitation \(unknown, used or expired\)$",
    r"^is not a valid password reset \(unknown, used or expired\)$",
    # TOTP: a code is only right at its time (a cookie session reaches these; the contract's key gets 404).
    r"^is not the authenticator's current code$",
    r"^is neither the authenticator's current code nor an unused recovery code$",
    # A tenant relay's password needs a username that is not null (issue 23, per-tenant relay).
    r"^is required with a password$",
    # Parameters that go together (OpenAPI cannot tie query parameters).
    r"^is required with link_(type|id)$",
    # A bank CSV mapping: a signed amount column, or a debit and a credit column, not both (issue 27).
    r"^excludes debit_column and credit_column$",
    r"^or both debit_column and credit_column are required$",
    r"^or account_number is required$",  # a bank account: an IBAN or an account number
    r"^is already tied to another bank account: ",
    # A bank statement file's grammar (CAMT.053, OFX, CSV by the account's mapping): the body is a file, not JSON.
    r"^the body must be the statement file; it is empty$",
    r"^statement file: ",
    r"^the bank account has no csv_mapping: ",
    # A multipart upload's file part: its own Content-Type must be a statement media type (schemas cannot tie a
    # part's header to a value).
    r"^has Content-Type [^ ]+; expected one of ",
    # Several bank lines to one invoice: the lines' and the invoice's state, currency and sums are stored facts.
    r"^is already reconciled: unreconcile it first$",
    r"^is money out: it cannot pay a customer invoice$",
    r"^is in [A-Z]{3}, the invoice in [A-Z]{3}$",
    r"^add up to -?[0-9.]+ but the invoice owes -?[0-9.]+$",
    r"^is [a-z_]+: only issued, unpaid invoices take payments$",
    r"^must differ from the decimal separator and the (quote|delimiter)$",
    r"^must combine YYYY or YY, MM and DD with \. / - or space separators$",  # a date format's grammar
    # Defaults taken from another record.
    r"^is required: the item is priced in [A-Z]{3}, the document is in [A-Z]{3}$",
    # Sums and comparisons across fields.
    r"^(line|invoice) total ",
    r"^must not exceed the amount it discounts ",
    r"sum to -?[0-9.]+, not to ",
    r"^do not balance: ",
    r"^is another party's [a-z ]+$",
    # Credit notes: what is left to credit, refund or apply is known only from the stored invoice and credits.
    r"^exceeds (what is left to credit of the invoice|the quantity left to credit on the line|the customer credit left on the credit note|what the invoice still owes|the party's customer credit)",
    r"^the invoice is already fully credited$",
    r"^must not be before the invoice date [0-9-]+$",
    r"^the invoice total must be greater than zero to issue it$",
    r"^must equal the sum of ",
    r"^.* is before start [0-9-]+$",
    r"^must end by [0-9-]+, got [0-9]+ days from [0-9-]+$",  # start + totalDurationDays past the horizon
    # A schedule's dates within the horizon: in the schema's description, not a pattern (a year pattern beside
    # `format: date` makes the generator discard nearly every date).
    r"^must be from 1900-01-01 to 2200-12-31, got [0-9-]+$",
    r"^must not be after the tenant's today \([0-9-]+\)$",  # as_of: the tenant's today moves
    # The lock date and chronological numbering (issue 24): dates known only from the tenant's ledger.
    r"^is on or before the lock date( [0-9-]+: the earliest allowed date is [0-9-]+)?$",
    r"^is before [0-9-]+, the date of the last (invoice|credit note) number: the earliest allowed date is [0-9-]+$",
    r"^cannot move back from [0-9-]+: reopening a closed period is an operator's action$",
    r"^must be the vendor's currency [A-Z]{3}$",
    # The tax summary's period (issue 24): `to` against `from`, which no JSON Schema of two parameters states.
    r"^must not be before from [0-9-]+$",
    r"^must be before [0-9-]+: a report spans at most [0-9]+ years$",
    # The decimal places of a currency chosen at run time (the tenant's, the party's).
    r"^must have at most [0-9]+ decimal places$",
    r"^must be between 0 and [0-9.]+ with at most [0-9]+ decimal places$",
    r"^must be at least 0 with at most [0-9]+ decimal places$",
    # Lists known only at run time or checked by arithmetic: the server's time-zone database, ISO 4217 codes,
    # an IBAN's ISO 7064 check digits.
    r"^is not an IANA time zone this server knows$",
    r"^must be an ISO 4217 currency code$",
    r"^is not a valid IBAN \((country, )?check digits(, mod 97)?\)$",
    # EN 16931 business rules (BR-…), needed once e-invoicing is on: stored data (the legal identity) counts too.
    r"^is required.* \(BR-[A-Z0-9-]+\)$",
    # A Mustache template's grammar, and what it renders for the sample invoices.
    r"^the template does not compile: ",
    r"^the template renders an empty document for the ",
]
_COMPILED = [re.compile(rule) for rule in RULES]


def _is_rule(detail: str) -> bool:
    return any(rule.search(detail) for rule in _COMPILED)


@schemathesis.check
def refusals_name_only_rules_the_document_cannot_state(ctx, response, case):
    """A 422 to a request valid per the document must name only rules no JSON Schema can state."""
    meta = case.meta
    if meta is None or response.status_code != 422 or not meta.generation.mode.is_positive:
        return None
    if is_unexpected_http_status_case(case):
        return None
    try:
        problem = json.loads(response.text)
    except ValueError:
        raise AssertionError("422 without a JSON problem body: " + response.text[:500])
    errors = problem.get("errors") or []
    unexplained = [error for error in errors if not _is_rule(str(error.get("detail", "")))]
    if not errors or unexplained:
        raise AssertionError(
            "A request valid per the document was refused for a reason the document could state "
            "(fix the document, or the server):\n" + json.dumps(unexplained or problem, ensure_ascii=False)
        )
    return None
