"""The dashboard's other pages (recurring templates, expenses, budgets, notifications, EOD runs, audit, settings,
users), called by dashboard.py with its own namespace (`t`: driver, go, login, logout, check, api, the ids it posted).

An accountant opens each page and finds what the setup posted (the recurring invoice and its preview, the expense,
the budget's utilisation and alert, the users, the audit trail of a void, the tenant's name) and pauses the
recurring invoice; a viewer opens the same pages and sees no action button, no audit and no users entry; the owner
renames the tenant and invites a user. Kept short: one visit per page and role.
"""
from decimal import Decimal

from selenium.webdriver.common.by import By


def run(t):
    check, go, api, driver = t.check, t.go, t.api, t.driver
    css = lambda selector: driver.find_elements(By.CSS_SELECTOR, selector)  # noqa: E731
    account = next(c["expense_account_id"] for c in api("GET", "/v1/expense-categories")["data"] if c["id"] == t.category)
    budget = api("POST", "/v1/budgets", {"name": "Tools", "fiscal_year": t.today.year, "thresholds": ["20"],
                                         "lines": [{"account_id": account, "amount": "100.00"}]})["id"]
    recurring = api("GET", "/v1/recurring-invoices")["data"][0]["id"]
    api("POST", "/v1/users", {"email": "owner@acme.test", "name": "Owner", "role": "owner", "password": t.PASSWORD})

    t.login("acme", "accountant@acme.test")
    go("/app/recurring?kind=invoices")
    check(len(css(f'#recurring tr[data-template="{recurring}"][data-state="active"]')) == 1, "recurring: the template is listed, active")
    go(f"/app/recurring/invoices/{recurring}")
    previews = css("#preview tbody tr")
    check(len(previews) == 12 and all("49.90" in row.text for row in previews), f"recurring: 12 previewed postings of 49.90 ({len(previews)})")
    t.submit(driver.find_element(By.XPATH, "//form[contains(@action,'/pause')]/button"))
    t.collect_console()
    check(driver.find_element(By.ID, "template-state").get_attribute("data-value") == "paused"
          and api("GET", f"/v1/recurring-invoices/{recurring}")["state"] == "paused", "recurring: paused through the form")
    check(len(css("form[action$='/resume']")) == 1, "recurring: a paused template offers resume")

    go(f"/app/expenses?category_id={t.category}")
    rows = css("#expenses tbody tr")
    check(len(rows) == 1 and "30.00" in rows[0].text and "Vendo" in rows[0].text, "expenses: the expense, filtered on its category")
    go(f"/app/budgets/{budget}")
    line = css("#monitor tbody tr")
    check(len(line) == 1 and Decimal(line[0].find_element(By.CSS_SELECTOR, "td[data-value]").get_attribute("data-value")) == Decimal("30")
          and line[0].get_attribute("data-alert") == "true", "budgets: 30 % used of 100.00, over its 20 % alert")

    listed = api("GET", "/v1/notifications?limit=25")["data"]
    go("/app/notifications")
    check(len(css("#notifications tbody tr")) == len(listed) == len(css("#notifications form[action$='/resend']")),
          f"notifications: the API's {len(listed)}, each with resend")
    go("/app/eod-runs")
    t.submit(driver.find_element(By.CSS_SELECTOR, "#eod-start button"))
    t.collect_console()
    runs = api("GET", "/v1/eod-runs")["data"]
    check(len(runs) == 1 and runs[0]["requested_by"] != "" and "flash" in driver.find_element(By.ID, "flash").get_attribute("class")
          and len(css(f'#eod-runs tr[data-run="{runs[0]["id"]}"]')) == 1, f"EOD runs: one started through the form and listed ({len(runs)})")
    go(f"/app/audit?action=voidInvoice&resource_type=invoices&resource_id={t.to_void['id']}")
    events = css("#audit-events tbody tr")
    check(len(events) == 1 and events[0].find_elements(By.CSS_SELECTOR, f'a[href="/app/invoices/{t.to_void["id"]}"]'),
          "audit: the void, filtered, linked to its invoice")
    go("/app/settings")
    check("Acme" in driver.find_element(By.ID, "settings").text and not css("#settings-form"), "settings: read, no edit for an accountant")
    check(not css('nav a[href="/app/users"]'), "an accountant has no users entry")
    t.logout()

    t.login("acme", "viewer@acme.test")
    for path in ["/app/recurring?kind=invoices", f"/app/recurring/invoices/{recurring}", "/app/expenses", f"/app/budgets/{budget}",
                 "/app/notifications", "/app/eod-runs", "/app/settings"]:
        go(path)
        buttons = [b.text for b in css("main form[method=post] button")]
        check(buttons == [], f"a viewer sees no action on {path} ({buttons})")
    check(not css('nav a[href="/app/audit"]') and not css('nav a[href="/app/users"]'), "a viewer has no audit or users entry")
    go("/app/audit", expect_error=True)
    check(not css("#audit-events"), "a viewer cannot read the audit trail")
    t.logout()

    t.login("acme", "owner@acme.test")
    go("/app/users")
    check({row.get_attribute("data-user") for row in css("#users tbody tr")} >= {"accountant@acme.test", "viewer@acme.test"},
          "users: the owner lists them")
    driver.find_element(By.ID, "i-email").send_keys("new@acme.test")
    t.submit(driver.find_element(By.CSS_SELECTOR, "#invite button"))
    t.collect_console()
    check(len(driver.find_element(By.ID, "invitation-token").text) > 20
          and any(u["email"] == "new@acme.test" and not u["has_password"] for u in api("GET", "/v1/users")["data"]),
          "users: an invitation, its token shown once")
    go("/app/settings")
    name = driver.find_element(By.ID, "s-name")
    name.clear()
    name.send_keys("Acme SARL")
    t.submit(driver.find_element(By.CSS_SELECTOR, "#settings-form button"))
    t.collect_console()
    check(api("GET", "/v1/tenant")["name"] == "Acme SARL" and "Acme SARL" in driver.find_element(By.ID, "settings").text,
          "settings: the owner renamed the tenant")
    t.logout()
