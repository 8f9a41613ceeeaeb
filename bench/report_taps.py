"""How long the visit report form takes on a phone: taps and screens of scrolling for the
realistic visit of issue 15, recorded offline in Debian's Chromium as a 360x800 phone.

The visit: 12 people in custody; 5 interviewed, each asked the whole checklist, two of them
with a concern (one answer "No" and a note of the issue raised); 3 declined; 4 unavailable
(3 asleep, 1 in a police interview); the 12 suite conditions checked, 3 of them a concern
with a note; rated satisfactory. The volunteer signs in online, opens the reports page, and
from there the signal is gone: the form opens, is filled and is sent with no signal, and
the report goes when the phone is online again. The script then checks that the server
holds exactly that report.

Taps: every click, tick, choice from a list and press the script makes; a typed field
counts one tap (to focus it), whatever is typed. Screens: the distance scrolled to reach
each control from where the page was left after the action before (Chromium brings the
control into view, as a thumb would), summed and divided by the viewport's height. The page
height is the form page's height when it was sent.

    .venv/bin/python bench/report_taps.py           # needs Debian's /usr/bin/chromium

The steps below drive today's form. BEFORE keeps the figures of the form before issue 15's
redesign (main at 5504dde), measured by this script with the steps of its first version,
which drove that form (git show 33d3c4c:bench/report_taps.py).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from page_weight import ARGS, CHROMIUM, PASSWORD, seed, start_gunicorn  # noqa: E402

VIEWPORT = {"width": 360, "height": 800}
BEFORE = {"taps": 108, "screens": 40.0, "page_height": 21_736}  # see the docstring
TARGET = {"taps": 35, "screens": 8}

# The visit, as the server should hold it afterwards.
INTERVIEWED, DECLINED, ASLEEP, IN_INTERVIEW = 5, 3, 3, 1
INTERVIEW_CONCERNS = {2: ("blanket", "No blanket offered"),
                      4: ("food_and_drink", "No drink for 4 hours")}  # fmt: skip
CONDITION_CONCERNS = {"cleanliness": "Cell 2 soiled", "heating": "Cell 4 cold",
                      "cell_call_bells": "Bell in cell 6 not working"}  # fmt: skip


class Thumb:
    """The volunteer's thumb: every action goes through here and is counted, with the
    distance scrolled to reach its control from where the page was left. (The page may
    also move by itself, when a card above closes and the browser keeps the view in place:
    that is not the thumb's work and is not counted.)"""

    def __init__(self, page):
        self.page = page
        self.taps = 0
        self.scrolled = 0
        self.page_height = None

    def _reach(self, locator) -> None:
        """Scroll the control into view, as a thumb would, from where the page was left."""
        self.taps += 1
        before = self.page.evaluate("scrollY")
        locator.scroll_into_view_if_needed()
        self.scrolled += abs(self.page.evaluate("scrollY") - before)

    def tap(self, locator) -> None:
        self._reach(locator)
        locator.click()

    def tick(self, locator) -> None:
        self._reach(locator)
        locator.check()

    def choose(self, select, value: str) -> None:
        """A native drop-down: one tap opens it, the choice is counted with it (generous)."""
        self._reach(select)
        select.select_option(value)

    def type(self, field, text: str) -> None:
        self._reach(field)
        field.fill(text)

    def note_page_height(self) -> None:
        """Called by `send`, just before the form is sent."""
        self.page_height = self.page.evaluate("document.documentElement.scrollHeight")


# --- the steps: each drives the form as it is; a redesign replaces them -------------------


def open_form(thumb: Thumb) -> None:
    thumb.tap(thumb.page.get_by_role("link", name="Record your visit to Northtown"))
    thumb.page.wait_for_selector("#report-form:not([hidden])")


def record_times(thumb: Thumb) -> None:
    page = thumb.page
    thumb.type(page.get_by_label("Time you arrived at the counter"), "21:10")
    thumb.type(page.get_by_label("Time you were let in to the custody area"), "21:12")
    thumb.type(page.get_by_label("Time you left"), "22:05")


def add_people(thumb: Thumb) -> None:
    """The headcount, then the people added by outcome with the quick-add: one button each."""
    page = thumb.page
    thumb.type(page.get_by_label("Number of people in custody when you arrived"), "12")
    for count, button in [(INTERVIEWED, "Add as interviewed"), (DECLINED, "Add as declined"),
                          (ASLEEP + IN_INTERVIEW, "Add as asleep")]:  # fmt: skip
        count_field = page.get_by_label("How many")
        if count_field.input_value() != str(count):  # it offers the people still to add
            thumb.type(count_field, str(count))
        thumb.tap(page.get_by_role("button", name=button))


def record_unavailable_reasons(thumb: Thumb) -> None:
    """The one not asleep (added as asleep with the rest): the reason is on their line."""
    number = INTERVIEWED + DECLINED + ASLEEP + 1
    reason = thumb.page.get_by_label(f"Reason person {number} was unavailable")
    thumb.choose(reason, "in_police_interview")


def interview(thumb: Thumb, number: int) -> None:
    """Person `number` (from 1): every question asked; "Yes" but for one concern, if any,
    ticked on their card (a view of its own), then back to the list."""
    from icv.visits.vocabulary import INTERVIEW_CHECKS

    page = thumb.page
    person = page.locator(f"[data-row='{number - 1}']")
    thumb.tick(person.get_by_label("All asked, all fine"))
    concern, note = INTERVIEW_CONCERNS.get(number, (None, ""))
    if concern:
        thumb.tap(page.get_by_role("button", name=f"Change person {number}", exact=True))
        label = next(items[concern] for items in INTERVIEW_CHECKS.values() if concern in items)
        thumb.tick(person.get_by_role("group", name="Any answered no?").get_by_label(label))
        thumb.type(person.get_by_label("Issues raised"), note)
        thumb.tap(person.get_by_role("button", name="Back to all people"))


def record_conditions(thumb: Thumb) -> None:
    from icv.visits.vocabulary import SUITE_CONDITIONS

    page = thumb.page
    thumb.tick(page.get_by_label("All checked, all fine"))
    for code, note in CONDITION_CONCERNS.items():
        thumb.tick(page.get_by_label(f"Concern: {SUITE_CONDITIONS[code]}", exact=True))
        thumb.type(page.locator(f"[data-note-for='{code}'] input"), note)


def send(thumb: Thumb) -> None:
    page = thumb.page
    thumb.tick(page.get_by_label("Satisfactory", exact=True))
    thumb.note_page_height()
    thumb.tap(page.get_by_role("button", name="Save and send report"))


# --- the run --------------------------------------------------------------------------------


def record_visit(thumb: Thumb) -> None:
    open_form(thumb)
    record_times(thumb)
    add_people(thumb)
    for number in range(1, INTERVIEWED + 1):
        interview(thumb, number)
    record_unavailable_reasons(thumb)
    record_conditions(thumb)
    send(thumb)


def wait_offline_ready(page) -> None:
    """The worker keeps the form and the phone holds the reference data it is built from."""
    page.evaluate(
        """async () => {
            await navigator.serviceWorker.ready;
            const { keptReference } = await import('/static/js/reference.js');
            for (let i = 0; i < 600; i++) {
                if (navigator.serviceWorker.controller && await caches.match('/visits/new')
                    && await keptReference()) return;
                await new Promise((r) => setTimeout(r, 100));
            }
            throw new Error('the app was not made ready for offline use');
        }"""
    )


def run(base: str, browser) -> dict:
    phone = browser.new_context(viewport=VIEWPORT, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(f"{base}/sign-in")
    page.get_by_label("Email address").fill("v0@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base}/visits/")
    wait_offline_ready(page)
    page.get_by_role("link", name="Record your visit to Northtown").wait_for()
    phone.set_offline(True)

    thumb = Thumb(page)
    record_visit(thumb)
    page.get_by_role("heading", name="Visit reports", level=1).wait_for()
    phone.set_offline(False)
    page.locator(".app-state", has_text="Sent").wait_for(timeout=60000)
    phone.close()
    return {"taps": thumb.taps, "screens": thumb.scrolled / VIEWPORT["height"],
            "page_height": thumb.page_height}  # fmt: skip


def check_arrived(database_url: str) -> None:
    """The server holds the visit exactly as recorded, once."""
    import sqlalchemy as sa

    from icv import create_app
    from icv.extensions import db
    from icv.visits.models import VisitReport

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench"})
    with app.app_context():
        reports = db.session.scalars(sa.select(VisitReport)).all()
        assert len(reports) == 1, f"{len(reports)} reports arrived"
        report = reports[0]
        outcomes = [(d.outcome, d.unavailable_reason) for d in report.detainees]
        expected = ([("interviewed", None)] * INTERVIEWED + [("declined", None)] * DECLINED
                    + [("unavailable", "asleep")] * ASLEEP
                    + [("unavailable", "in_police_interview")] * IN_INTERVIEW)  # fmt: skip
        assert outcomes == expected, outcomes
        for number, person in enumerate(report.detainees[:INTERVIEWED], start=1):
            concern, note = INTERVIEW_CONCERNS.get(number, (None, ""))
            answers = {code: "no" if code == concern else "yes" for code in person.checks}
            assert person.checks == answers and len(answers) == 14, (number, person.checks)
            assert person.issues_raised == note, (number, person.issues_raised)
        ratings = {c.code: (c.rating, c.note) for c in report.conditions}
        expected = {code: ("concern", CONDITION_CONCERNS.get(code)) if code in CONDITION_CONCERNS
                    else ("fine", "") for code in ratings}  # fmt: skip
        assert ratings == expected and len(ratings) == 12, ratings
        assert report.rating == "satisfactory" and report.detainees_in_custody == 12


def show(label: str, figures: dict) -> str:
    return (f"  {label:<26} {figures['taps']:3d} taps, {figures['screens']:4.1f} screens of"
            f" scrolling (page {figures['page_height']:,} px tall)")  # fmt: skip


def main() -> None:
    from playwright.sync_api import sync_playwright

    folder = tempfile.mkdtemp(prefix="icv-report-taps-")
    database_url = seed(folder)
    server, port, _ = start_gunicorn(folder, database_url)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            now = run(f"http://127.0.0.1:{port}", browser)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    check_arrived(database_url)
    print("The issue 15 visit (12 people) recorded offline on a 360x800 phone, then sent")
    print(show("before (main at 5504dde)", BEFORE))
    print(show("this form", now))
    print(f"  target: at most {TARGET['taps']} taps and {TARGET['screens']} screens; "
          "the report arrived once, as recorded")  # fmt: skip


if __name__ == "__main__":
    main()
