"""Load test of the province pages (Locust, headless; run by tests/perf/load.py, not make test).

Five provinces, each with employees, unit officers, approvers and DoHA admins in the proportions
of a province's day (24 : 8 : 4 : 4 of every 40 users), signing in with the demo personas of
`hoso_setup --demo` and reading what they read: their dossier and home page, the people list and
search, someone's dossier, the review queue, the approvals page, statistics, duties.

Every request goes to the server's loopback address with the province's host in `Host` (no DNS),
`X-Forwarded-Proto: https` as the Ingress sends it (production settings mark cookies Secure and
check the Origin of a form against https), and the Secure cookies handed back to plain HTTP.
A response other than the expected status, or a page that sends a signed-in user back to the
sign-in page, is a failure; a GET is retried once only when the server closed its kept-alive
connection under it (see on_start).
"""

import itertools
import os
import random
import re
import threading
from typing import Any, ClassVar

from locust import HttpUser, between, task
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

# The demo personas' sign-ins per province (README, "Demo sign-ins"), in the README's column
# order: Lào Cai, Lai Châu, Tuyên Quang, Sơn La, Bình Thuận.
SUBDOMAINS = ("laocai", "laichau", "tuyenquang", "sonla", "binhthuan")
SIGN_INS = {
    "officer": [("010188001233", "012189001233", "008187001233", "014190001233", "060189001233")],
    "approver": [("010072001234", "012070001234", "008071001234", "014069001234", "060070001234")],
    "employee": [("010090001235", "012091001235", "008090001235", "014092001235", "060091001235"),
                 ("010193001236", "012194001236", "008196001236", "014195001236", "060194001236"),
                 ("010087001237", "012086001237", "008085001237", "014086001237", "060086001237"),
                 ("010086001238", "012087001238", "008088001238", "014085001238", "060087001238")],
}
PASSWORD = os.environ.get("HOSO_LOAD_PASSWORD", "hoso-demo-2026")
DOHA = "snv.quantri"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PERSON_LINK = re.compile(r'href="/can-bo/(\d+)/"')
SURNAMES = ["Nguyễn", "Trần", "Lò", "Giàng", "Vàng", "Hoàng", "Phạm", "Lê"]
PORT = os.environ.get("HOSO_LOAD_PORT", "")

_next_province = itertools.cycle(SUBDOMAINS)
_lock = threading.Lock()


def _host(subdomain: str) -> str:
    return f"{subdomain}.localhost:{PORT}" if PORT else f"{subdomain}.localhost"


class ProvinceUser(HttpUser):
    """One person of one province, signed in with their persona; the role is the subclass."""

    abstract = True
    wait_time = between(5, 15)
    role: ClassVar[str] = ""

    def on_start(self) -> None:
        with _lock:
            self.subdomain = next(_next_province)
        host = _host(self.subdomain)
        # A GET whose kept-alive connection the server closed at the same moment (gunicorn keeps
        # an idle connection 5 s; a person reads a page longer) is sent once more, as browsers and
        # the Ingress's proxy do; nothing else is retried.
        self.client.mount("http://", HTTPAdapter(max_retries=Retry(
            total=1, connect=1, read=1, status=0, other=0, allowed_methods={"GET"}, raise_on_status=False)))
        self.client.headers.update({"Host": host, "X-Forwarded-Proto": "https", "Origin": f"https://{host}",
                                    "Referer": f"https://{host}/dang-nhap/"})
        self.people: list[str] = []
        self.sign_in(self.username())

    def username(self) -> str:
        if self.role == "doha":
            return DOHA
        column = SUBDOMAINS.index(self.subdomain)
        return random.choice([row[column] for row in SIGN_INS[self.role]])

    def _cookies_for_plain_http(self) -> None:
        for cookie in self.client.cookies:
            cookie.secure = False

    def page(self, path: str, name: str, **kwargs: Any) -> str:
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True, **kwargs) as answer:
            self._cookies_for_plain_http()
            if answer.status_code == 0:
                answer.failure(repr(answer.error))
                return ""
            if answer.status_code != 200:
                answer.failure(f"{answer.status_code} {answer.headers.get('Location', '')}")
                return ""
            return str(answer.text)

    def sign_in(self, username: str) -> None:
        form = self.page("/dang-nhap/", "sign-in form")
        token = CSRF.search(form)
        if not token:
            return
        with self.client.post("/dang-nhap/", name="sign-in", allow_redirects=False, catch_response=True,
                              data={"username": username, "password": PASSWORD,
                                    "csrfmiddlewaretoken": token.group(1)}) as answer:
            self._cookies_for_plain_http()
            where = answer.headers.get("Location", "") or repr(answer.error)
            if answer.status_code != 302 or "dang-nhap" in where or "doi-mat-khau" in where:
                answer.failure(f"{username}@{self.subdomain}: {answer.status_code} {where}")

    def someone(self) -> str | None:
        if not self.people:
            found = PERSON_LINK.findall(self.page("/can-bo/", "people list"))
            self.people = found[:50]
        return random.choice(self.people) if self.people else None

    def dossier_of_someone(self) -> None:
        person = self.someone()
        if person:
            self.page(f"/can-bo/{person}/", "person dossier")

    def search(self) -> None:
        self.page("/can-bo/", "people search", params={"q": random.choice(SURNAMES)})


class Employee(ProvinceUser):
    weight = 24
    role = "employee"

    @task(3)
    def my_dossier(self) -> None:
        self.page("/ho-so-cua-toi/", "my dossier")

    @task(2)
    def my_home(self) -> None:
        self.page("/trang-cua-toi/", "my home")

    @task(1)
    def who_read(self) -> None:
        self.page("/ho-so-cua-toi/ai-da-xem/", "who read my dossier")

    @task(1)
    def duties(self) -> None:
        self.page("/nghia-vu/", "duties")


class Officer(ProvinceUser):
    weight = 8
    role = "officer"

    @task(3)
    def review_queue(self) -> None:
        self.page("/duyet-ho-so/", "review queue")

    @task(2)
    def people(self) -> None:
        self.page("/can-bo/", "people list")

    @task(2)
    def people_search(self) -> None:
        self.search()

    @task(3)
    def dossier(self) -> None:
        self.dossier_of_someone()

    @task(1)
    def duties(self) -> None:
        self.page("/nghia-vu/", "duties")


class Approver(ProvinceUser):
    weight = 4
    role = "approver"

    @task(3)
    def approvals(self) -> None:
        self.page("/phe-duyet/", "approvals")

    @task(1)
    def people(self) -> None:
        self.page("/can-bo/", "people list")

    @task(1)
    def dossier(self) -> None:
        self.dossier_of_someone()

    @task(1)
    def duties(self) -> None:
        self.page("/nghia-vu/", "duties")


class Doha(ProvinceUser):
    weight = 4
    role = "doha"

    @task(2)
    def statistics(self) -> None:
        self.page("/thong-ke/", "statistics")

    @task(2)
    def people_search(self) -> None:
        self.search()

    @task(2)
    def dossier(self) -> None:
        self.dossier_of_someone()

    @task(1)
    def compliance(self) -> None:
        self.page("/tuan-thu/", "compliance")

    @task(1)
    def duties(self) -> None:
        self.page("/nghia-vu/", "duties")

    @task(1)
    def doha_home(self) -> None:
        self.page("/phe-duyet/so-noi-vu/", "DoHA approvals")
