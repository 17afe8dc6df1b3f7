"""The scale-out drill's checks: a session, a lockout and a rate limit hold across two servers.

    python drills/crossserver.py USERS.json http://server-a http://server-b

1. Session: log in on A through the real form (password, then the TOTP code), then open the
   dashboard on B with that session cookie: 200, not the login page.
2. Lockout: fail the password of another user on A until axes locks the (username, address) pair;
   then the correct password on B is refused too (429), while a third user still logs in on B.
3. Rate limit: person searches with the session from 1 on A until one is refused (429); the next
   search on B is refused as well.
Both servers must share PostgreSQL and Redis. Prints one line per check; exits 1 on failure."""

import json
import re
import sys
import time

import requests
from django_otp.oath import hotp

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LIMIT_TRIES = 500  # more than any configured per-user limit in the drill
FORWARDED = {"X-Forwarded-For": "192.0.2.10"}  # as nginx would append; BEHIND_PROXY=true


class DrillFailure(Exception):
    """A check of the drill did not hold."""


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise DrillFailure(message)


def totp(hex_key: str, at: float | None = None) -> str:
    """The code django_otp's TOTPDevice checks now (30 s steps, 6 digits)."""
    step = int((time.time() if at is None else at) // 30)
    return f"{hotp(bytes.fromhex(hex_key), step):06d}"


def token(session: requests.Session, url: str) -> str:
    page = session.get(url, headers=FORWARDED, allow_redirects=False, timeout=30)
    found = TOKEN.search(page.text)
    if page.status_code != 200 or not found:
        raise DrillFailure(f"no form at {url}: {page.status_code}")
    return found.group(1)


def post(session: requests.Session, url: str, data: dict) -> requests.Response:
    data = {**data, "csrfmiddlewaretoken": token(session, url)}
    return session.post(url, data=data, headers=FORWARDED, allow_redirects=False, timeout=30)


def log_in(server: str, username: str, password: str) -> requests.Response:
    """The password step on `server` in a fresh browser; the response of the POST."""
    browser = requests.Session()
    response = post(browser, f"{server}/log-ind/", {"username": username, "password": password})
    response.browser = browser  # type: ignore[attr-defined]
    return response


def check_session(users: dict, a: str, b: str) -> requests.Session:
    name = users["coordinators"][0]["username"]
    first = log_in(a, name, users["password"])
    expect(
        first.status_code == 302 and "/log-ind/kode/" in first.headers["Location"],
        f"password step on A: {first.status_code}",
    )
    browser = first.browser  # type: ignore[attr-defined]
    code = post(browser, f"{a}/log-ind/kode/", {"code": totp(users["totp_keys"][name])})
    expect(
        code.status_code == 302 and "/log-ind/" not in code.headers["Location"],
        f"code step on A: {code.status_code} {code.headers.get('Location')}",
    )
    on_b = browser.get(f"{b}/sager/", headers=FORWARDED, allow_redirects=False, timeout=30)
    expect(on_b.status_code == 200, f"B did not accept A's session: {on_b.status_code}")
    stranger = requests.get(f"{b}/sager/", allow_redirects=False, timeout=30)
    expect(stranger.status_code == 302, "B let a request without a session in")
    print("PASS session: logged in on A (password + TOTP), the same session works on B")
    return browser


def check_lockout(users: dict, a: str, b: str) -> None:
    name = users["coordinators"][1]["username"]
    failures = 0
    while log_in(a, name, "wrong-password-for-the-drill").status_code != 429:
        failures += 1
        if failures > 20:
            raise DrillFailure("A never locked the account out")
    refused = log_in(b, name, users["password"])
    expect(refused.status_code == 429, f"B let a locked-out user in: {refused.status_code}")
    other = log_in(b, users["coordinators"][2]["username"], users["password"])
    expect(other.status_code == 302, f"B refused an unlocked user: {other.status_code}")
    print(f"PASS lockout: A locked at failed login #{failures + 1}; B refuses the right password")


def check_rate_limit(browser: requests.Session, a: str, b: str) -> None:
    search = {"name": "Drill Person", "cpr": "", "purpose": "Skaleringsprøve"}
    allowed = 0
    while (response := post(browser, f"{a}/sager/personsoegning/", search)).status_code != 429:
        expect(response.status_code == 302, f"search on A: {response.status_code}")
        allowed += 1
        expect(allowed < LIMIT_TRIES, "A never limited the searches")
    on_b = post(browser, f"{b}/sager/personsoegning/", search)
    expect(on_b.status_code == 429, f"B did not limit: {on_b.status_code}")
    print(
        f"PASS rate limit: A allowed {allowed} searches, then refused; B refuses the next one too"
    )


def main() -> int:
    users = json.loads(open(sys.argv[1], encoding="utf-8").read())  # noqa: SIM115
    a, b = sys.argv[2].rstrip("/"), sys.argv[3].rstrip("/")
    try:
        browser = check_session(users, a, b)
        check_lockout(users, a, b)
        check_rate_limit(browser, a, b)
    except DrillFailure as error:
        print(f"FAIL {error}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
