"""`make loadtest`: 50 people of a province's registry at work at once (docs/performance.md, "Under load").

Each simulated person signs in once with the scale data's password
(bench/loadtest/people.py wrote who is who to LOADTEST_PEOPLE) and then
works with a few seconds between clicks:

- readers (most people) browse the ledger a page at a time, search it for a
  word, open a document;
- clerks register a document for their unit with two copies, propose a
  reading list for a copy and hand out what their leader approved, and look
  at their inbox and ledger in between;
- leaders open the approvals waiting for them and approve them as proposed;
- an inspector reads the access log and the annual summary and prints the
  access ledger.

Requests are named for their kind (`page ...`, `step ...`) so that the
report gives figures per kind; a step's redirect is followed and counted
in the step. Any answer but the expected one is an error.
"""

import datetime
import json
import os
import random
import re
from http.cookiejar import DefaultCookiePolicy

from locust import HttpUser, between, task
from locust.exception import StopUser

from forms import form, links

PEOPLE = json.load(open(os.environ["LOADTEST_PEOPLE"]))
WORDS = ["通知", "报告", "会议", "规划", "plan", "report", "2025", "2026", "意见", "安全"]
_claimed = {"clerk": 0, "leader": 0, "reader": 0, "inspector": 0}


def _loopback_is_trustworthy(policy, cookie, request, _secure_only=DefaultCookiePolicy.return_ok_secure):
    # The registry's cookies are Secure-only; `make serve` speaks plain HTTP on
    # the loopback, where browsers send them anyway (a "potentially trustworthy"
    # origin). So does this client, in this process only. requests builds a
    # fresh cookie jar for every request, hence the policy's method, not a policy.
    return request.host.split(":")[0] in ("127.0.0.1", "localhost") or _secure_only(policy, cookie, request)


DefaultCookiePolicy.return_ok_secure = _loopback_is_trustworthy


def _next_person(role):
    """People in turn, unit after unit, so that 50 simulated people are 50 accounts."""
    units = PEOPLE["units"]
    index = _claimed[role]
    _claimed[role] += 1
    unit = units[index % len(units)]
    people = unit[role]
    return unit, people[(index // len(units)) % len(people)]


class Person(HttpUser):
    abstract = True
    role = None
    wait_time = between(1, 4)

    def on_start(self):
        self.unit, self.me = _next_person(self.role)
        login = self.client.get("/accounts/login/", name="page sign-in")
        sign_in = form(login.text, with_field="password")
        response = self.client.post(
            "/accounts/login/",
            data=sign_in.data(username=self.me["username"], password=PEOPLE["password"]),
            name="step sign in",
        )
        if "/accounts/login/" in response.url:
            raise StopUser(f"{self.me['username']} could not sign in")
        self.csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
        self.csrf = self.csrf.group(1) if self.csrf else None

    def page(self, url, name, **kwargs):
        response = self.client.get(url, name=f"page {name}", **kwargs)
        if response.status_code == 200 and self.csrf is None:
            found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
            self.csrf = found.group(1) if found else None
        return response

    def step(self, url, name, data, expect):
        """POST as the page's form does; the step failed unless we land where `expect` says."""
        with self.client.post(url, data=data, name=f"step {name}", catch_response=True) as response:
            if response.status_code != 200 or expect not in response.url:
                response.failure(f"{name}: {response.status_code} at {response.url}")
            return response


class Reader(Person):
    role = "reader"
    weight = 30

    @task(4)
    def browse_ledger(self):
        first = self.page("/ledger/", "ledger")
        more = links(first.text, "after=")
        if more:
            self.page(more[0], "ledger, next page")

    @task(3)
    def search_ledger(self):
        self.page("/ledger/", "ledger search", params={"q": random.choice(WORDS), "mode": "documents"})

    @task(2)
    def open_a_document(self):
        listing = self.page("/ledger/", "ledger", params={"mode": "documents"})
        documents = [href for href in links(listing.text, "/documents/") if re.search(r"/documents/\d+/$", href)]
        if documents:
            self.page(random.choice(documents), "document")

    @task(1)
    def home(self):
        self.page("/", "home")


class Clerk(Person):
    role = "clerk"
    weight = 10

    @task(3)
    def register_and_propose(self):
        blank = self.page("/documents/register/", "registration form")
        registration = form(blank.text, with_field="title")
        if registration is None:
            return
        readers = random.sample(self.unit["reader"], k=min(2, len(self.unit["reader"])))
        # The unit's leaders are in the scope, as an office registers: they approve its reading lists.
        title = f"负载测试文件 {random.randint(1, 10**9)}"
        done = self.step(
            "/documents/register/", "register",
            registration.data(
                registry=str(self.unit["registry"]), direction="incoming", title=title, originating_organ="省委办公厅",
                reference_number=f"负载〔2026〕{random.randint(1, 10**9)}号", level="1", secrecy_period_years="",
                date_classified="2026-03-01", pages="4", attachments="0", copies_count="2", urgency="normal",
                medium="paper", scope_users=[str(p["id"]) for p in readers + self.unit["leader"]], reason="Registered on receipt",
            ),
            expect="/documents/",
        )  # fmt: skip
        copies = links(done.text, "/circulate/")
        copies = [href for href in copies if href.startswith("/copies/")]
        if not copies:
            return
        proposal_page = self.page(copies[0], "reading list form")
        proposal = form(proposal_page.text, with_field="reason")
        if proposal is None:
            return
        self.step(
            copies[0], "propose reading list",
            proposal.data(readers=[str(r["id"]) for r in readers], reason="For reading"),
            expect="/circulations/",
        )  # fmt: skip

    @task(3)
    def hand_out_what_was_approved(self):
        inbox = self.page("/", "home")
        hand_out = form(inbox.text, "/hand-out/")
        if hand_out is None:
            rounds = [href for href in links(inbox.text, "/circulations/") if re.search(r"/circulations/\d+/$", href)]
            if not rounds:
                return
            hand_out = form(self.page(random.choice(rounds), "circulation").text, "/hand-out/")
        if hand_out is not None:
            self.step(hand_out.action, "hand out", hand_out.data(), expect="/")

    @task(2)
    def ledger(self):
        self.page("/ledger/", "ledger")


class Leader(Person):
    role = "leader"
    weight = 6

    @task(3)
    def approve_waiting(self):
        queue = self.page("/circulations/awaiting/", "approvals queue")
        approve = form(queue.text, "/approve/")
        if approve is not None:
            self.step(approve.action, "approve reading list", approve.data(), expect="/")

    @task(1)
    def home(self):
        self.page("/", "home")

    @task(1)
    def ledger(self):
        self.page("/ledger/", "ledger")


class Inspector(Person):
    role = "inspector"
    weight = 1
    fixed_count = 1

    @task(3)
    def access_log(self):
        self.page("/audit/access/", "access log")

    @task(2)
    def annual_summary(self):
        self.page("/self-inspections/summary/", "annual summary")

    @task(1)
    def print_audit_ledger(self):
        page = self.page("/prints/audit/", "print form")
        print_form = form(page.text, with_field="date_from")
        if print_form is None:
            return
        today = datetime.date.today()
        data = print_form.data(date_from=str(today - datetime.timedelta(days=30)), date_to=str(today))
        with self.client.post("/prints/audit/", data=data, name="step print access ledger", catch_response=True) as response:
            printed = response.headers.get("Content-Type", "").startswith("application/pdf") or "/prints/jobs/" in response.url
            if response.status_code != 200 or not printed:
                response.failure(f"print: {response.status_code} at {response.url}")
