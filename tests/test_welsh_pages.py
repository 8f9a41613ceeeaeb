"""Every page in Welsh for every role (issue 19): each GET route of the authorisation matrix
that answers a role with a page, in English and in Welsh, on one database seeded once for the
module (reports, actions, a claim, an application, notifications, rotas...); and every export
a role can download, its headings and sheet names.

A Welsh page must show none of the catalogue's English (`english_left_on`) and no English text
nobody marked for translation (`english_not_marked`: text the Welsh page shows exactly as the
English one that reads as English), outside what the scheme stored (names, suites, free text).
One test per role; its failure lists every page's leftovers. To see one role's:
    .venv/bin/pytest tests/test_welsh_pages.py -k coordinator
(ICV_WELSH_ALL=1 shows every leftover, not only the first few of each page;
ICV_WELSH_REPORT=file adds them to a file, one a line: role, page, leftover, tab-separated.)
"""

from __future__ import annotations

import csv
import functools
import html
import io
import os
import re
import time
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

import tests.test_authorisation_matrix as matrix
from icv.actions.models import Action
from icv.extensions import db
from icv.models import Role
from tests import conftest
from tests.conftest import empty_tables, sign_in
from tests.test_authorisation_matrix import FORBIDDEN, HIDDEN, MATRIX, OK, ROLES
from tests.welsh import ENGLISH, WELSH, english_left_on, english_not_marked, stored_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORTS = {"text/csv", XLSX}
SHOWN = 6  # leftovers shown per page (all with ICV_WELSH_ALL=1)


@pytest.fixture(autouse=True)
def clean_database():
    """Overrides conftest's: the module's tests share one seeded database (emptied at the end)."""
    yield


@pytest.fixture(scope="module")
def seeded(app):
    """The matrix's world (panel A: the coordinator's, volunteer's and police's; panel B:
    someone else's), and every GET route's address: with panel B's ids as the matrix builds
    them, and with the role's own panel A's ids where panel B's are hidden from the role."""
    with app.app_context(), pytest.MonkeyPatch.context() as patch:
        make_panel = conftest.make_panel.__wrapped__(None)
        make_suite = conftest.make_suite.__wrapped__(None, make_panel)
        make_user = conftest.make_user.__wrapped__(None)
        world = matrix.world.__wrapped__(make_panel, make_suite, make_user)
        own = SimpleNamespace(**vars(world))
        own.panel_b, own.suite_b = world.panel_a, world.suite_a
        own.volunteer_b = world.users[Role.VOLUNTEER]
        _build_each_thing_once(patch)
        addresses = {}
        for endpoint, (method, build, expected) in sorted(MATRIX.items()):
            if method != "GET":
                continue
            if OK in expected.values():
                addresses[endpoint, "b"] = build(world)
            if HIDDEN in expected.values():
                addresses[endpoint, "own"] = build(own)
            db.session.commit()
        for user in world.users.values():  # something on everyone's notifications page
            matrix._notification(user)
        matrix._time_given(world.users[Role.VOLUNTEER])  # hours awaiting confirmation
        data = stored_text()
        emails = {role: user.email for role, user in world.users.items()}
    yield SimpleNamespace(emails=emails, addresses=addresses, data=data)
    empty_tables(app)


def _build_each_thing_once(patch) -> None:
    """The matrix makes a thing (a report, a rota, a claim) each time it builds an address, for
    one test each; here every address is built on one database, so each thing is made once and
    a follow-up action is the one of the suite asked for (the matrix takes the first)."""
    made: dict = {}

    def key(value):
        if isinstance(value, SimpleNamespace):
            return ("world", id(value))
        return (type(value).__name__, getattr(value, "id", value))

    def once(name, function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            found = (name, *map(key, args), *sorted((k, key(v)) for k, v in kwargs.items()))
            if found not in made:
                made[found] = function(*args, **kwargs)
            return made[found]

        return wrapper

    def action_of(suite_of, make):
        def wrapper(w):
            suite = suite_of(w)
            if ("action", suite.id) not in made:
                make(w)
                made["action", suite.id] = db.session.scalar(
                    db.select(Action.id).where(Action.suite_id == suite.id).order_by(Action.id)
                )
            return made["action", suite.id]

        return wrapper

    builders = [
        name
        for name, value in vars(matrix).items()
        if name.startswith("_")
        and callable(value)
        and getattr(value, "__module__", "") == matrix.__name__
    ]
    for name in builders:
        if name not in {"_outcome", "_rota", "_action_a", "_action_b"}:  # _visit makes a rota each
            patch.setattr(matrix, name, once(name, getattr(matrix, name)))
    patch.setattr(matrix, "_action_b", action_of(lambda w: w.suite_b, matrix._action_b))
    patch.setattr(matrix, "_action_a", action_of(lambda w: w.suite_a, matrix._action_a))


def _pages_for(seeded, role) -> list[tuple[str, str]]:
    """(endpoint, address) of every GET route the role may open, and one it may not."""
    pages = []
    for endpoint, (method, _build, expected) in sorted(MATRIX.items()):
        if method != "GET":
            continue
        if expected[role] == OK:
            pages.append((endpoint, seeded.addresses[endpoint, "b"]))
        elif expected[role] == HIDDEN:
            pages.append((endpoint, seeded.addresses[endpoint, "own"]))
    refused = [e for e, (m, _b, x) in sorted(MATRIX.items()) if m == "GET" and x[role] == FORBIDDEN]
    if refused:  # the error pages: 403 and 404
        pages.append((f"{refused[0]} (403)", seeded.addresses[refused[0], "b"]))
    pages.append(("not found (404)", "/no-such-page"))
    return pages


def _cells_as_page(response) -> str:
    """An export's headings as a page: its first rows' text (each sheet's, and its name); not
    a column named for machines (report_id, weekday), as an API's fields are."""
    if response.mimetype == XLSX:
        book = load_workbook(io.BytesIO(response.get_data()), read_only=True)
        cells = []
        for sheet in book.worksheets:
            cells.append(sheet.title)
            for row in sheet.iter_rows(max_row=3, values_only=True):
                cells.extend(str(cell) for cell in row if isinstance(cell, str))
    else:
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))[:3]
        cells = [cell for row in rows for cell in row]
    cells = [cell for cell in cells if not re.fullmatch(r"[a-z][a-z0-9_]*", cell)]  # report_id
    return "".join(f"<p>{html.escape(cell)}</p>" for cell in cells)


def _leftovers(welsh: str, english: str, data) -> list[str]:
    shown = None if os.environ.get("ICV_WELSH_ALL") else SHOWN
    found = [f"catalogue: {piece!r}" for piece in english_left_on(welsh, english, data=data)]
    found += [
        f"not marked: {text!r}"
        for text in english_not_marked(welsh, english, data=data)
        if f"catalogue: {text!r}" not in found
    ]
    return found[:shown] + (
        [f"... {len(found) - shown} more"] if shown and len(found) > shown else []
    )


def _forms_sent_empty(page: str, address: str) -> list[dict]:
    """The page's own forms that have fields (not a lone confirm button, not the header's
    sign-out or language forms), as a browser would send them with every field left empty:
    their hidden inputs only (the CSRF token among them)."""
    path = address.split("?")[0]
    forms = []
    for attributes, body in re.findall(r"<form([^>]*)>(.*?)</form>", page, flags=re.S):
        action = html.unescape((re.search(r'action="([^"]*)"', attributes) or [0, ""])[1])
        if 'method="post"' not in attributes.lower() or action.split("?")[0] not in ("", path):
            continue
        if not re.search(r'<(textarea|select)|<input(?![^>]*type="(hidden|submit|button)")', body):
            continue
        hidden = re.findall(r'<input[^>]*type="hidden"[^>]*>', body)
        forms.append({
            name: html.unescape(value[0] if value else "")
            for tag in hidden
            for name in re.findall(r'name="([^"]*)"', tag)
            for value in [re.findall(r'value="([^"]*)"', tag)]
        })  # fmt: skip
    return forms


def _compare(response_en, response_cy, data) -> list[str]:
    """What is English on the Welsh answer (a page or an export), or why it cannot be read."""
    if response_en.mimetype in EXPORTS:
        english, welsh = _cells_as_page(response_en), _cells_as_page(response_cy)
        left = _leftovers(welsh, english, data)
        return left or ([f"the same headings as in English: {english}"] if welsh == english else [])
    english, welsh = response_en.get_data(as_text=True), response_cy.get_data(as_text=True)
    if '<html lang="cy"' not in welsh:
        return ['no <html lang="cy">']
    return _leftovers(welsh, english, data)


@pytest.mark.parametrize("role", ROLES, ids=str)
def test_every_page_and_export_in_welsh(app, seeded, role):
    """Each page the role may open (and a 403 and a 404), each export, and then each of those
    pages' forms sent empty (their error messages), in English and in Welsh."""
    started = time.monotonic()
    client = app.test_client()
    if role != "anonymous":
        sign_in(client, seeded.emails[role])
    problems, checked, exports, forms = {}, [], [], []

    def compare(english, welsh) -> list[str]:
        """Read against what the database holds; again after a fresh look if something is
        left: a page may show what the run itself stored (an audit entry for an export)."""
        if not (left := _compare(english, welsh, seeded.data)):
            return left
        with app.app_context():
            seeded.data = stored_text()
        return _compare(english, welsh, seeded.data)

    for endpoint, address in _pages_for(seeded, role):
        english = client.get(address, headers=ENGLISH)
        welsh = client.get(address, headers=WELSH)
        page = f"{address} ({endpoint}, {english.status_code})"
        if MATRIX.get(endpoint, ("", "", {}))[2].get(role) == OK and english.status_code != 200:
            problems[page] = ["no page: the matrix says the role may open it"]
            continue
        if english.mimetype in EXPORTS:
            exports.append(endpoint)
        elif english.mimetype != "text/html":
            continue  # JSON for machines, images, the service worker, a calendar feed
        else:
            forms += [
                (address, form)
                for form in _forms_sent_empty(english.get_data(as_text=True), address)
            ]
        checked.append(endpoint)
        if left := compare(english, welsh):
            problems[page] = left
    # Last, so what a form changes (one whose fields may all be empty) changes no page above.
    for address, form in forms:
        english = client.post(address, data=form, headers=ENGLISH)
        welsh = client.post(address, data=form, headers=WELSH)
        if {english.status_code, welsh.status_code} & {302, 303, 405}:
            continue  # it was done (a redirect), or this is not the form's address
        checked.append(f"{address} sent empty")
        if left := compare(english, welsh):
            problems[f"{address} (sent empty, {english.status_code})"] = left
    if role == "anonymous":  # the page for a form sent without its CSRF token
        english = client.post("/sign-in", headers=ENGLISH, follow_redirects=True)
        welsh = client.post("/sign-in", headers=WELSH, follow_redirects=True)
        checked.append("/sign-in sent without its token")
        if left := compare(english, welsh):
            problems[f"/sign-in (sent without its token, {english.status_code})"] = left
    if os.environ.get("ICV_WELSH_REPORT"):  # every leftover, a line each, for sort | uniq
        with open(os.environ["ICV_WELSH_REPORT"], "a", encoding="utf-8") as out:
            out.writelines(f"{role}\t{page}\t{item}\n" for page, items in problems.items()
                           for item in items)  # fmt: skip
    report = "\n".join(
        f"  {page}\n" + "\n".join(f"      {item}" for item in items)
        for page, items in sorted(problems.items())
    )
    seconds = time.monotonic() - started
    assert not problems, (
        f"{role}: English on {len(problems)} of {len(checked)} pages, forms sent empty and "
        f"exports in Welsh ({seconds:.1f} s; exports: {', '.join(exports) or 'none'}):\n{report}"
    )


def test_the_checks_see_english_but_not_names_addresses_or_words_the_same_in_both():
    """The two checks on made-up pages: English the catalogue knows, or that nobody marked,
    is caught; a name, a suite, an address, a class, a field's name or a loanword is not."""
    english = (
        '<html lang="en"><a class="govuk-link" href="/visits/">Sign out</a>'
        "<p>Panel A met at Suite 1 (report_id)</p><p>Fill the kettle</p><p>English</p>"
        '<form><button lang="en">English <span>version</span></button></form></html>'
    )
    welsh = (
        '<html lang="cy"><a class="govuk-link" href="/visits/">Allgofnodi</a>'
        "<p>Panel A met at Suite 1 (report_id)</p><p>Llenwi'r tegell</p><p>English</p>"
        '<form><button lang="en">English <span>version</span></button></form></html>'
    )
    data = ["Panel A met at Suite 1"]
    assert english_left_on(welsh, english, data=data) == []
    assert english_not_marked(welsh, english, data=data) == []
    left = welsh.replace("Allgofnodi", "Sign out").replace("Llenwi'r tegell", "Fill the kettle")
    assert english_left_on(left, english, data=data) == ["Sign out"]
    assert english_not_marked(left, english, data=data) == ["Sign out", "Fill the kettle"]
    assert english_not_marked(left, english) == ["Sign out", "Panel A met at Suite 1 (report_id)",
                                                 "Fill the kettle"]  # fmt: skip
