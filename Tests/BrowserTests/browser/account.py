"""Two-step login (TOTP) set up, used and turned off in the browser (`/app/account`), called by dashboard.py with its
own namespace (`t`) after pages.py.

A viewer (the least role: everyone protects their own login) opens "My account", starts enrolment, reads the secret
from the page, computes the codes itself (RFC 6238: HMAC-SHA1 over the 30-second step, dynamic truncation, 6 digits,
with Python's hmac — nothing of the server's), is refused a wrong code, confirms with the right one and gets 10
recovery codes; logs out; cannot log in without a code nor with a wrong one; logs in with a code; turns TOTP off with
a code; and logs in again with the password alone. An accountant and the owner see the same page with its start
button. The page in French. A code is never accepted twice (docs/people.md): each use takes a later step than the
last one used, waiting for the clock when the step after the current one is already used.
"""
import base64
import hashlib
import hmac
import struct
import time
import urllib.parse

from selenium.webdriver.common.by import By


def totp(secret, step):
    key = base64.b32decode(secret.upper().replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


def now_step():
    return int(time.time()) // 30


def run(t):
    check, go, api, driver = t.check, t.go, t.api, t.driver
    css = lambda selector: driver.find_elements(By.CSS_SELECTOR, selector)  # noqa: E731
    path = lambda: urllib.parse.urlparse(driver.current_url).path  # noqa: E731
    used = [0]  # the last step a code was used for

    def code(secret):
        step = max(now_step(), used[0] + 1)
        while step > now_step() + 1:  # the server takes the step before and after the current one
            time.sleep(1)
        used[0] = step
        return totp(secret, step)

    def user(email):
        return next(u for u in api("GET", "/v1/users")["data"] if u["email"] == email)

    def login_with(email, totp_code):
        go("/app/login")
        driver.find_element(By.ID, "tenant").send_keys("acme")
        driver.find_element(By.ID, "email").send_keys(email)
        driver.find_element(By.ID, "password").send_keys(t.PASSWORD)
        if totp_code is not None:
            driver.find_element(By.ID, "totp").send_keys(totp_code)
        t.submit(driver.find_element(By.CSS_SELECTOR, "#login button[type=submit]"))
        driver.get_log("browser")  # a refused login is a 401 page: its console line is the point

    for email in ["accountant@acme.test", "owner@acme.test"]:
        t.login("acme", email)
        if email == "owner@acme.test":
            # The home page's reads, made at once, each named in its Server-Timing header (bench/dashboard/run.sh).
            status, headers, _ = t.http("GET", "/app", headers={"Cookie": f"recur_session={t.session_cookie()}"})
            names = {entry.split(";")[0].strip() for entry in (headers.get("Server-Timing") or "").split(",")}
            check(status == 200 and names == {"ar-ageing", "cashflow", "income-expense", "income-expense-by-category",
                                              "recurring-revenue", "upcoming-postings", "overdue-invoices", "budgets",
                                              "budget-monitor"}, f"home: every read timed in Server-Timing ({names})")
        go("/app/account")
        check(css("#totp-status")[0].get_attribute("data-enabled") == "false" and len(css("#totp-start button")) == 1,
              f"account: {email} may set up two-step login")
        t.logout()

    viewer = "viewer@acme.test"
    t.login("acme", viewer)
    check(len(css('nav a[href="/app/account"]')) == 1, "account: a viewer has the account entry")
    go("/app/account?lang=fr")
    check("Connexion en deux étapes" in driver.find_element(By.ID, "totp").text, "account: the page in French")
    go("/app/account?lang=en")
    check(css("#totp-status")[0].get_attribute("data-enabled") == "false", "account: TOTP off at first")
    t.submit(driver.find_element(By.CSS_SELECTOR, "#totp-start button"))
    t.collect_console()
    secret = driver.find_element(By.ID, "totp-secret").text.strip()
    uri = driver.find_element(By.ID, "totp-uri").text.strip()
    check(len(secret) >= 32 and uri.startswith("otpauth://totp/") and f"secret={secret}" in uri,
          f"account: the secret and its otpauth:// URI shown ({uri[:60]}…)")
    check(not user(viewer)["totp_enabled"], "account: not on before it is confirmed")

    wrong = "%06d" % ((int(totp(secret, now_step())) + 1) % 1_000_000)
    driver.find_element(By.ID, "totp-code").send_keys(wrong)
    t.submit(driver.find_element(By.CSS_SELECTOR, "#totp-confirm button"))
    driver.get_log("browser")  # the refusal is a 422 page
    check("error" in driver.find_element(By.ID, "flash").get_attribute("class") and not user(viewer)["totp_enabled"],
          "account: a wrong code is refused, TOTP stays off")
    driver.find_element(By.ID, "totp-code").send_keys(code(secret))
    t.submit(driver.find_element(By.CSS_SELECTOR, "#totp-confirm button"))
    t.collect_console()
    recovery = [li.text.strip() for li in css("#recovery-codes li")]
    check(len(recovery) == 10 and len(set(recovery)) == 10 and user(viewer)["totp_enabled"],
          f"account: confirmed with the computed code, 10 recovery codes shown ({len(recovery)})")
    go("/app/account")
    check(css("#totp-status")[0].get_attribute("data-enabled") == "true" and len(css("#totp-disable")) == 1,
          "account: the page says TOTP is on and offers to turn it off")
    t.logout()

    login_with(viewer, None)
    check(path() == "/app/login" and t.session_cookie() is None, "login: refused without the code")
    login_with(viewer, "%06d" % ((int(totp(secret, now_step())) + 7) % 1_000_000))
    check(path() == "/app/login" and t.session_cookie() is None, "login: refused with a wrong code")
    login_with(viewer, code(secret))
    t.collect_console()
    check(path() == "/app" and t.session_cookie() is not None, f"login: in with the password and the code ({driver.current_url})")

    go("/app/account")
    driver.find_element(By.ID, "totp-disable-code").send_keys(code(secret))
    t.submit(driver.find_element(By.CSS_SELECTOR, "#totp-disable button"))
    t.collect_console()
    check(path() == "/app/account" and css("#totp-status")[0].get_attribute("data-enabled") == "false"
          and not user(viewer)["totp_enabled"], "account: turned off with a code")
    t.logout()
    t.login("acme", viewer)
    check(path() == "/app", "login: the password alone again once TOTP is off")
    t.logout()
