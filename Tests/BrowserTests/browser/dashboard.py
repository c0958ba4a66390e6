#!/usr/bin/python3
"""The dashboard in a real browser (Debian's headless Chromium through Selenium), against a real recur-server.

    dashboard.py BASE_URL ACME_KEY OTHER_KEY ARTEFACTS_DIR

Posts known figures through the API with the owner keys, then, in the browser: logs in, reads every chart's values
back from the page and compares them with what was posted, finds an invoice, downloads its PDF, voids it, logs out;
a viewer sees no action and its forged post is refused; cross-site posts are refused; another tenant's session sees
nothing of this one; the browser log has no error; screenshots at 1280 and 390 px. Exit status 0 only if every check
held; each failure is printed.
"""
import datetime
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zoneinfo
from decimal import Decimal

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

BASE, ACME_KEY, OTHER_KEY, ARTEFACTS = sys.argv[1:5]
PASSWORD = "correct horse battery staple"
failures = []
started = time.monotonic()


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message, flush=True)
    if not condition:
        failures.append(message)


def http(method, path, body=None, headers=None, key=None, form=None):
    """(status, headers, bytes) of a request, never raising on an HTTP status; redirects are not followed."""
    data = None
    all_headers = dict(headers or {})
    if key:
        all_headers["Authorization"] = "Bearer " + key
    if body is not None:
        data = json.dumps(body).encode()
        all_headers["Content-Type"] = "application/json"
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        all_headers["Content-Type"] = "application/x-www-form-urlencoded"

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(BASE + path, data=data, method=method, headers=all_headers)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def api(method, path, body=None, key=ACME_KEY, expect=(200, 201)):
    status, _, data = http(method, path, body, key=key)
    if status not in expect:
        raise SystemExit(f"setup: {method} {path} answered {status}: {data[:500]!r}")
    return json.loads(data) if data else None


def d(text):
    return Decimal(text or "0")


# ---------------------------------------------------------------- figures posted through the API
tenant = api("GET", "/v1/tenant")
today = datetime.datetime.now(zoneinfo.ZoneInfo(tenant["time_zone"])).date()
old_day = today - datetime.timedelta(days=40)
month_now, month_old = today.strftime("%Y-%m"), old_day.strftime("%Y-%m")

alpha = api("POST", "/v1/parties", {"kind": "customer", "name": "Alpha Conseil", "payment_terms_days": 14})["id"]
vendor = api("POST", "/v1/parties", {"kind": "vendor", "name": "Vendo", "payment_terms_days": 0})["id"]
category = api("POST", "/v1/expense-categories", {"name": "Software"})["id"]


def invoice(date, price):
    draft = api("POST", "/v1/invoices", {"party_id": alpha, "invoice_date": date.isoformat(),
                                         "lines": [{"description": "Consulting", "quantity": "1", "unit_price": price}]})
    return api("POST", f"/v1/invoices/{draft['id']}/issue")


overdue = invoice(old_day, "200.00")        # due 26 days ago: overdue, 1–30 days
paid = invoice(today, "120.00")             # paid today
to_void = invoice(today, "75.50")           # voided in the browser
api("POST", "/v1/payments", {"party_id": alpha, "date": today.isoformat(), "amount": "120.00",
                             "allocations": [{"invoice_id": paid["id"], "amount": "120.00"}]})
api("POST", "/v1/expenses", {"vendor_id": vendor, "category_id": category, "amount": "30.00",
                             "date": today.isoformat(), "paid": True})
api("POST", "/v1/recurring-invoices", {"party_id": alpha, "mode": "amount", "amount": "49.90", "description": "Maintenance",
                                       "statement_reference": "Maintenance {RIMonth}",
                                       "schedule": {"kind": "monthly", "byMonthDay": min(today.day, 28),
                                                    "start": today.replace(day=min(today.day, 28)).isoformat()}})
for email, role in [("accountant@acme.test", "accountant"), ("viewer@acme.test", "viewer")]:
    api("POST", "/v1/users", {"email": email, "name": role.title(), "role": role, "password": PASSWORD})
# Another tenant, with its own customer and invoice.
zeta = api("POST", "/v1/parties", {"kind": "customer", "name": "Zeta Other Tenant", "payment_terms_days": 30}, key=OTHER_KEY)["id"]
other_draft = api("POST", "/v1/invoices", {"party_id": zeta, "invoice_date": today.isoformat(),
                                           "lines": [{"description": "Other", "quantity": "1", "unit_price": "999.00"}]}, key=OTHER_KEY)
api("POST", f"/v1/invoices/{other_draft['id']}/issue", key=OTHER_KEY)
api("POST", "/v1/users", {"email": "owner@other.test", "name": "Other", "role": "owner", "password": PASSWORD}, key=OTHER_KEY)

# What the charts must show (every month not named is zero).
income = {month_old: Decimal("200.00"), month_now: Decimal("195.50")}
expense = {month_now: Decimal("30.00")}
print(f"setup done in {time.monotonic() - started:.1f} s (today {today})", flush=True)

# ---------------------------------------------------------------- the browser
options = Options()
for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900"]:
    options.add_argument(argument)
options.binary_location = "/usr/bin/chromium"
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.set_page_load_timeout(30)
console = []


def collect_console():
    console.extend(entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE")


def go(path, expect_error=False):
    """Opens a page; `expect_error`: its error status (a 404 page) is the point, so its console line is dropped."""
    driver.get(BASE + path)
    if expect_error:
        driver.get_log("browser")
    else:
        collect_console()


def submit(control):
    """Clicks a link or a form's button and waits for the page it leads to, so that no element of the old page is
    read after the click (a form posts, then the browser follows the 303). The old page carries a mark in its window
    object; the new page has a window of its own, without it. While the browser is between the two, a script may
    fail: that is "not yet"."""
    driver.execute_script("window.recurOldPage = true")
    control.click()

    def arrived(d):
        try:
            return d.execute_script("return window.recurOldPage === undefined && document.readyState === 'complete'")
        except WebDriverException:
            return False

    WebDriverWait(driver, 20).until(arrived)


def login(tenant_slug, email):
    go("/app/login")
    driver.find_element(By.ID, "tenant").send_keys(tenant_slug)
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    submit(driver.find_element(By.CSS_SELECTOR, "#login button[type=submit]"))
    collect_console()


def logout():
    submit(driver.find_element(By.ID, "logout"))
    collect_console()


def figures(chart, series):
    """{label: Decimal} of one series of a chart, read from the page's SVG."""
    shapes = driver.find_elements(By.CSS_SELECTOR, f'svg[data-chart="{chart}"] [data-series="{series}"]')
    return {shape.get_attribute("data-label"): d(shape.get_attribute("data-value")) for shape in shapes}


def session_cookie():
    cookie = driver.get_cookie("recur_session")
    return cookie["value"] if cookie else None


def page_csrf():
    return driver.find_element(By.CSS_SELECTOR, "input[name=csrf_token]").get_attribute("value")


try:
    # Not logged in: the login page.
    go("/app")
    check(urllib.parse.urlparse(driver.current_url).path == "/app/login", "an anonymous visit is sent to the login page")
    login("acme", "accountant@acme.test")
    check(urllib.parse.urlparse(driver.current_url).path == "/app", f"logged in, at the home page ({driver.current_url})")
    check("accountant@acme.test" in driver.find_element(By.CSS_SELECTOR, "[data-user]").text, "the header names the user")

    # Every chart, read back.
    pnl_income, pnl_expense = figures("chart-pnl", "income"), figures("chart-pnl", "expense")
    pnl_net = figures("chart-pnl", "net")
    check(len(pnl_income) == 12, f"P&L has 12 months ({sorted(pnl_income)})")
    check(all(pnl_income.get(m) == income.get(m, 0) for m in pnl_income), f"P&L income as posted: {pnl_income}")
    check(all(pnl_expense.get(m) == expense.get(m, 0) for m in pnl_expense), f"P&L expense as posted: {pnl_expense}")
    check(all(pnl_net[m] == income.get(m, 0) - expense.get(m, 0) for m in pnl_net) and len(pnl_net) == 12,
          f"P&L net result = income − expense: {pnl_net}")
    check(figures("chart-income", "income") == pnl_income, "income chart = the P&L's income")
    check(figures("chart-expense", "expense") == {"Software": Decimal("30.00")},
          f"expense by category: {figures('chart-expense', 'expense')}")
    money_in, money_out = figures("chart-cashflow", "money_in"), figures("chart-cashflow", "money_out")
    check(money_in.get(month_now) == Decimal("120.00") and sum(money_in.values()) == Decimal("120.00"),
          f"cashflow money in: {money_in}")
    check(money_out.get(month_now) == Decimal("30.00") and sum(money_out.values()) == Decimal("30.00"),
          f"cashflow money out: {money_out}")
    ageing = figures("chart-ageing", "open")
    check(ageing == {"0": Decimal("75.50"), "1–30": Decimal("200.00"), "31–60": 0, "61–90": 0, "> 90": 0},
          f"AR ageing buckets: {ageing}")
    mrr = figures("chart-mrr", "mrr")
    check(mrr.get(month_now) == Decimal("49.90"), f"MRR this month is the recurring invoice's 49.90: {mrr}")
    overdue_rows = driver.find_elements(By.CSS_SELECTOR, f'#overdue tr[data-invoice="{overdue["id"]}"]')
    check(len(overdue_rows) == 1, "the overdue invoice is listed as overdue")
    check("Alpha Conseil" in driver.find_element(By.ID, "upcoming").text, "the recurring invoice is among the upcoming postings")
    check(len(driver.find_elements(By.CSS_SELECTOR, "svg[role=img] > title")) == 6, "six charts, each an image with a title")
    check(len(driver.find_elements(By.CSS_SELECTOR, "figure table.visually-hidden")) == 6, "each chart has its data table")

    # Screenshots, and the narrow layout does not scroll sideways.
    driver.save_screenshot(f"{ARTEFACTS}/home-1280.png")
    driver.set_window_size(390, 844)
    time.sleep(0.3)
    width, viewport = driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    wide = driver.execute_script(
        "return Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > "
        "document.documentElement.clientWidth + 0.5 && !e.closest('.table-wrap, .visually-hidden'))"
        ".slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))")
    check(width <= viewport, f"no horizontal scroll at 390 px (scrollWidth {width}, viewport {viewport}; too wide: {wide})")
    driver.save_screenshot(f"{ARTEFACTS}/home-390.png")
    driver.set_window_size(1280, 900)

    # French.
    go("/app?lang=fr")
    check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
          and "Factures" in driver.find_element(By.CSS_SELECTOR, "nav").text, "?lang=fr gives the French pages")
    go("/app?lang=en")

    # Find the invoice: the list, filtered, then its page.
    submit(driver.find_element(By.LINK_TEXT, "Invoices"))
    collect_console()
    go(f"/app/invoices?status=issued&party_id={alpha}")
    rows = driver.find_elements(By.CSS_SELECTOR, "table.invoices tbody tr")
    check({row.get_attribute("data-invoice") for row in rows} == {overdue["id"], to_void["id"]},
          "the list filtered on issued shows the two issued invoices")
    submit(driver.find_element(By.CSS_SELECTOR, f'tr[data-invoice="{to_void["id"]}"] a'))
    collect_console()
    check(driver.find_element(By.ID, "invoice-status").get_attribute("data-value") == "issued", "the invoice page shows it issued")
    pdf_path = urllib.parse.urlparse(driver.find_element(By.ID, "pdf").get_attribute("href")).path
    status, headers, body = http("GET", pdf_path, headers={"Cookie": f"recur_session={session_cookie()}"})
    check(status == 200 and body.startswith(b"%PDF"), f"its PDF downloads with the session ({status}, {body[:8]!r})")
    anonymous, _, _ = http("GET", pdf_path)
    check(anonymous == 401, f"the PDF needs the session ({anonymous})")

    # Void it.
    submit(driver.find_element(By.XPATH, "//form[contains(@action,'/void')]/button"))
    collect_console()
    check("/app/invoices/" in driver.current_url and "Void" in driver.find_element(By.ID, "flash").text, "void: back with a message")
    check(driver.find_element(By.ID, "invoice-status").get_attribute("data-value") == "void", "the invoice is now void")
    check(api("GET", f"/v1/invoices/{to_void['id']}")["status"] == "void", "the API agrees: void")
    audit = driver.find_elements(By.CSS_SELECTOR, '#audit tr[data-action="voidInvoice"]')
    check(len(audit) == 1 and "accountant@acme.test" in audit[0].text, "its history names who voided it")

    # Cross-site posts with the accountant's session are refused.
    cookie = {"Cookie": f"recur_session={session_cookie()}"}
    token = page_csrf()
    forged = {"csrf_token": token}
    status, _, _ = http("POST", f"/app/invoices/{overdue['id']}/void", form=forged,
                        headers={**cookie, "Origin": "http://evil.example"})
    check(status == 403, f"a post from another origin is refused ({status})")
    status, _, _ = http("POST", f"/app/invoices/{overdue['id']}/void", form={},
                        headers={**cookie, "Origin": BASE})
    check(status == 403, f"a post without the CSRF token is refused ({status})")
    status, _, _ = http("POST", f"/app/invoices/{overdue['id']}/void", form={"csrf_token": "0" * 64},
                        headers={**cookie, "Origin": BASE})
    check(status == 403, f"a post with a wrong CSRF token is refused ({status})")
    check(api("GET", f"/v1/invoices/{overdue['id']}")["status"] == "issued", "the invoice is still issued after the forged posts")

    # Log out.
    logout()
    check(urllib.parse.urlparse(driver.current_url).path == "/app/login", "logged out, at the login page")
    go("/app/invoices")
    check(urllib.parse.urlparse(driver.current_url).path == "/app/login", "after logout the pages ask for a login")

    # A viewer: no buttons, and the post is refused by the operation's role.
    login("acme", "viewer@acme.test")
    go(f"/app/invoices/{overdue['id']}")
    check(len(driver.find_elements(By.CSS_SELECTOR, ".actions form")) == 0, "a viewer sees no action")
    check("accountants" in driver.find_element(By.ID, "audit").text, "a viewer does not see the history")
    status, _, body = http("POST", f"/app/invoices/{overdue['id']}/void", form={"csrf_token": page_csrf()},
                           headers={"Cookie": f"recur_session={session_cookie()}", "Origin": BASE})
    check(status == 403, f"a viewer's forged void is refused ({status})")
    check(api("GET", f"/v1/invoices/{overdue['id']}")["status"] == "issued", "the invoice is still issued after the viewer's post")
    logout()

    # Another tenant's session sees nothing of this one.
    login("other", "owner@other.test")
    go("/app/invoices")
    text = driver.find_element(By.TAG_NAME, "main").text
    check("Zeta Other Tenant" in text and "Alpha Conseil" not in text, "the other tenant lists only its own invoices")
    go(f"/app/invoices/{overdue['id']}", expect_error=True)
    check("Alpha" not in driver.find_element(By.TAG_NAME, "main").text and len(driver.find_elements(By.ID, "invoice-status")) == 0,
          "the other tenant cannot open this tenant's invoice")
    go("/app")
    other_income = figures("chart-pnl", "income")
    check(other_income.get(month_now) == Decimal("999.00") and other_income.get(month_old) == 0,
          f"the other tenant's charts are its own: {other_income}")
    driver.save_screenshot(f"{ARTEFACTS}/other-tenant-1280.png")
    logout()

    # The other pages: recurring, expenses, budgets, notifications, EOD runs, audit, settings, users (pages.py).
    sys.dont_write_bytecode = True
    import pages
    pages.run(sys.modules[__name__])
    # Two-step login set up, used and turned off in the browser (account.py).
    import account
    account.run(sys.modules[__name__])

    collect_console()
    check(console == [], f"no console errors: {console}")
finally:
    driver.quit()

print(f"{len(failures)} failure(s) in {time.monotonic() - started:.1f} s", flush=True)
sys.exit(1 if failures else 0)
