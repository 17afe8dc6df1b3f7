"""The load drill's users (locust): coordinators reading, professionals recording concerns.

Each virtual user takes one minted session from $DRILL_USERS (drills/prepare.py). Every request
must answer exactly what a working browser gets (200, or the 302 of a successful POST); anything
else, a redirect to the login page included, is a failure. With $DRILL_INTAKES set, each
answered intake (302 to its receipt) is appended to that file as one JSON line, for the crash
drill to look up afterwards. $DRILL_MIX=intake runs professionals only (the crash drill)."""

import json
import os
import random
import re
import time
import uuid

from locust import HttpUser, between, events, task

USERS = json.loads(open(os.environ["DRILL_USERS"], encoding="utf-8").read())  # noqa: SIM115
INTAKES = os.environ.get("DRILL_INTAKES", "")
MIX = os.environ.get("DRILL_MIX", "mixed")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')
RECEIPT = re.compile(r"/bekymringer/kvittering/([A-Za-z0-9-]+)/")
_taken = {"coordinators": 0, "professionals": 0}


def take(kind: str) -> dict:
    """The next minted session of this kind (users are shared round-robin if fewer than VUs)."""
    accounts = USERS[kind]
    account = accounts[_taken[kind] % len(accounts)]
    _taken[kind] += 1
    return account


class Drill(HttpUser):
    abstract = True
    kind = ""

    def on_start(self) -> None:
        self.account = take(self.kind)
        self.client.cookies.set(USERS["cookie_name"], self.account["session"])

    def page(self, path: str, name: str) -> str:
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} {r.headers.get('Location', '')}")
            return r.text or ""

    def post(self, path: str, data: dict, name: str) -> str:
        """POST a form with its CSRF token as a browser would; 302 (PRG) is success."""
        data = {**data, "csrfmiddlewaretoken": self.client.cookies.get(USERS["csrf_cookie_name"])}
        headers = {"Referer": self.host + path}
        with self.client.post(
            path, data=data, headers=headers, name=name, allow_redirects=False, catch_response=True
        ) as r:
            if r.status_code != 302:
                r.failure(f"{r.status_code}")
                return ""
            return r.headers.get("Location", "")


class Coordinator(Drill):
    weight = 0 if MIX == "intake" else 3
    kind = "coordinators"
    wait_time = between(0.5, 2)

    @task(3)
    def dashboard(self) -> None:
        self.page("/sager/", "dashboard")

    @task(3)
    def case_list(self) -> None:
        status = random.choice(["received", "screening", ""])  # noqa: S311
        self.page(f"/sager/?status={status}&page={random.randint(1, 3)}", "case list")  # noqa: S311

    @task(4)
    def case_detail(self) -> None:
        if self.account["cases"]:
            case = random.choice(self.account["cases"])  # noqa: S311
            self.page(f"/sager/{case}/", "case detail")

    @task(1)
    def person_search(self) -> None:
        self.page("/sager/personsoegning/", "person search form")
        data = {"name": "Drill Person", "cpr": "", "purpose": "Belastningsprøve"}
        if self.post("/sager/personsoegning/", data, "person search POST"):
            self.page("/sager/personsoegning/", "person search results")

    @task(2)
    def plans(self) -> None:
        self.page("/beredskab/", "plan pages")


class Professional(Drill):
    weight = 2
    kind = "professionals"
    wait_time = between(0.5, 2)

    @task
    def intake(self) -> None:
        form = self.page("/bekymringer/ny/", "intake form")
        key = KEY.search(form)
        token = TOKEN.search(form)
        if not (key and token):
            return  # the form page itself failed (already counted)
        born = f"{random.randint(1, 28):02d}-{random.randint(1, 12):02d}-19{random.randint(60, 99)}"  # noqa: S311
        data = {
            "idempotency_key": key.group(1),
            "person_name": f"Drill Intake {uuid.uuid4().hex[:8]}",
            "cpr": "",
            "birth_date": born,
            "municipality": self.municipality(form),
            "description": "Bekymring registreret under belastningsprøven.",
            "custody_informed": "",
        }
        location = self.post("/bekymringer/ny/", data, "intake POST")
        match = RECEIPT.search(location)
        if location and not match:
            events.request.fire(
                request_type="CHECK",
                name="intake receipt",
                response_time=0,
                response_length=0,
                exception=Exception(f"no receipt in {location}"),
            )
        if match and INTAKES:
            with open(INTAKES, "a", encoding="utf-8") as out:
                line = {"reference": match.group(1), "key": key.group(1), "at": time.time()}
                out.write(json.dumps(line) + "\n")

    @staticmethod
    def municipality(form: str) -> str:
        chosen = re.search(r'<option value="(\d+)" selected', form)
        return chosen.group(1) if chosen else ""
