"""The phone's pure pieces, run in Chromium: backoff, building the report JSON, the tally,
the IndexedDB schema and the autosave that never loses the last keystroke."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from playwright.sync_api import Page

from icv import dates
from icv.visits import vocabulary
from icv.visits.correction_form import typed_time
from icv.visits.validation import machine_rules, normalise

pytestmark = pytest.mark.browser

REFERENCE = {
    "user_id": 7,
    "name": "Alice Able",
    "role": "volunteer",
    "panel": {"id": 1, "name": "North"},
    "suites": [{"id": 12, "name": "Northtown", "panel_id": 1}],
    "volunteers": [{"id": 19, "name": "Bob Baker", "panel_id": 1, "probation": False}],
    "codes": vocabulary.reference_codes(),
    "rules": machine_rules(),
    "scheduled_visits": [
        {"id": 345, "suite_id": 12, "suite_name": "Northtown", "window_starts_on": "2019-05-27",
         "window_ends_on": "2019-06-02", "band": None, "status": "scheduled",
         "co_visitors": [{"id": 19, "name": "Bob Baker"}]},
    ],
}  # fmt: skip


@pytest.fixture
def js(page: Page):
    """evaluate(script, arg) with the app's modules imported as `m` (a plain page of the site)."""
    page.goto("/healthz")

    def evaluate(body: str, arg=None):
        return page.evaluate(
            f"""async (arg) => {{
                const m = {{
                    ...(await import('/static/js/report-model.js')),
                    ...(await import('/static/js/sync.js')),
                    ...(await import('/static/js/db.js')),
                    ...(await import('/static/js/drafts.js')),
                    ...(await import('/static/js/dates.js')),
                }};
                {body}
            }}""",
            arg,
        )

    return evaluate


def test_the_phone_writes_dates_and_times_as_the_server_does(js):
    moments = ["2026-07-01T18:05:00+00:00", "2026-12-01T19:05:00+00:00", "2027-01-01T00:30:00Z"]
    ranges = [("2026-12-01", "2026-12-06"), ("2026-11-28", "2026-12-04"),
              ("2026-12-29", "2027-01-04"), ("2026-12-01", "2026-12-01")]  # fmt: skip
    phone = js(
        """return {moments: arg.moments.map((t) => [m.day(t), m.timeOfDay(t), m.dayAndTime(t)]),
                   ranges: arg.ranges.map(([a, b]) => m.dateRange(a, b)),
                   day: m.day('2026-12-01')}""",
        {"moments": moments, "ranges": ranges},
    )
    server = [
        [dates.day(t), dates.time_of_day(t), dates.day_and_time(t)]
        for t in map(datetime.fromisoformat, moments)
    ]
    assert phone["moments"] == server
    assert server[0][2] == "1 July 2026 at 19:05" and server[2][2] == "1 January 2027 at 00:30"
    assert phone["ranges"] == [
        dates.date_range(date.fromisoformat(a), date.fromisoformat(b)) for a, b in ranges
    ]
    assert phone["day"] == "1 December 2026"


def test_backoff_doubles_from_five_seconds_and_stops_at_five_minutes(js):
    delays = js("return [1, 2, 3, 4, 8, 20].map((n) => m.backoffDelay(n, () => 0.5));")
    assert delays == [5000, 10000, 20000, 40000, 300000, 300000]
    low, high = js("return [m.backoffDelay(3, () => 0), m.backoffDelay(3, () => 0.999999)];")
    assert 16000 <= low <= high <= 24000  # jitter of +-20 %


def test_a_visit_from_the_rota_builds_a_report_the_server_accepts(js):
    built = js(
        """
        const form = m.newForm(arg, arg.scheduled_visits[0], new Date(2019, 5, 1));
        Object.assign(form, {arrived_at: "23:30", admitted_at: "23:45", departed_at: "00:40",
                             detainees_in_custody: "3", rating: "satisfactory"});
        form.delay = {minutes: "15", reason: "Fight in the corridor",
                      authorised_by_rank: "Inspector"};
        form.detainees = [m.newPerson("interviewed"), m.newPerson("declined"),
                          m.newPerson("unavailable", "asleep")];
        form.detainees[0].checks.told_rights = "yes";
        form.detainees[1].allegation = "typed, then the outcome changed";
        form.detainees[2].unavailable_other = "left over from 'other'";
        return m.buildReport(form, arg);
        """,
        REFERENCE,
    )
    report = built["report"]
    assert built["errors"] == {}
    assert report["scheduled_visit_id"] == 345 and report["suite_id"] == 12
    assert report["visitor_ids"] == [7, 19]
    assert report["arrived_at"].startswith("2019-06-01T23:30:00")
    assert report["departed_at"].startswith("2019-06-02T00:40:00")  # after midnight
    assert report["arrived_at"][-6] in "+-" and report["arrived_at"][-3] == ":"  # an offset
    assert report["delay"] == {"minutes": 15, "reason": "Fight in the corridor",
                               "authorised_by_rank": "Inspector"}  # fmt: skip
    assert "allegation" not in report["detainees"][1]  # only what applies to the outcome
    assert "unavailable_other" not in report["detainees"][2]
    assert report["detainees"][0]["checks"]["told_rights"] == "yes"
    assert report["detainees"][0]["checks"]["blanket"] == "not_asked"
    assert normalise(report).errors == {}  # the server's own rules agree


def test_form_only_errors_name_the_missing_time_and_date(js):
    errors = js(
        """
        const form = m.newForm(arg);
        form.visit_date = {day: "31", month: "2", year: "2019"};
        const first = m.buildReport(form, arg).errors;
        form.visit_date = {day: "1", month: "6", year: "2019"};
        return [first, m.buildReport(form, arg).errors];
        """,
        REFERENCE,
    )
    assert errors[0]["visit_date"] == ["Date of the visit must be a real date, like 1 6 2019"]
    assert errors[1]["arrived_at"] == ["Enter the time you arrived at the counter, like 21:10"]
    assert errors[1]["scheduled_visit_id"] == ["Choose which visit this report is for"]


def test_times_are_read_as_volunteers_type_them_and_as_the_correction_page_reads_them(js):
    typed = ["19:05", "19.05", "1905", " 9:05 ", "09:05", "0:40", "0040", "23:59", "00:00",
             "905", "24:00", "19:60", "2460", "7pm", "7:05 PM", "19", "19:5", "19-05", "",
             "１９:05", "19:05:30"]  # fmt: skip
    phone = js("return arg.map(m.typedTime);", typed)
    assert phone[:9] == ["19:05", "19:05", "19:05", "09:05", "09:05", "00:40", "00:40",
                         "23:59", "00:00"]  # fmt: skip
    assert phone[9:] == [None] * 12
    assert phone == [typed_time(text) for text in typed]
    errors = js(
        """
        const form = m.newForm(arg);
        form.visit_date = {day: "1", month: "6", year: "2019"};
        Object.assign(form, {arrived_at: "7pm", admitted_at: "", departed_at: "2460"});
        return m.buildReport(form, arg).errors;
        """,
        REFERENCE,
    )
    assert errors["arrived_at"] == [
        "Time you arrived at the counter must be a real time on the 24-hour clock, like 21:10"
    ]
    assert errors["departed_at"] == [
        "Time you left must be a real time on the 24-hour clock, like 22:05"
    ]
    assert errors["admitted_at"] == [
        "Enter the time you were let in, like 21:12, or say the visit was not completed"
    ]


def test_the_tally_says_who_is_accounted_for(js):
    texts = js(
        """
        const form = m.newForm(arg);
        const out = [m.headcountText(form)];
        form.detainees_in_custody = "12";
        form.detainees = [m.newPerson("interviewed"), m.newPerson("interviewed"),
                          m.newPerson("unavailable", "asleep"), m.newPerson()];
        out.push(m.headcountText(form));
        form.detainees_in_custody = "3";
        out.push(m.headcountText(form));
        return out;
        """,
        REFERENCE,
    )
    assert texts == [
        "Enter the number of people in custody. 0 added so far.",
        "3 of 12 people accounted for: 2 interviewed, 0 declined, 1 unavailable",
        "4 people added but 3 in custody: remove 1 or change the number.",
    ]


def test_database_has_its_four_stores_at_the_current_version(js):
    found = js(
        """
        const db = await m.openDatabase();
        return {version: db.version, stores: [...db.objectStoreNames], current: m.VERSION};
        """
    )
    assert found == {"version": 1, "current": 1, "stores": ["drafts", "meta", "outbox", "sent"]}


def test_autosave_writes_the_last_keystroke_even_when_typing_outruns_the_disk(js):
    kept = js(
        """
        const draft = await m.createDraft(7, {positive_findings: ""});
        const saver = m.autosaver(draft);
        let text = "";
        for (const letter of "Clean and calm") {
            text += letter;
            saver.save({positive_findings: text});  // not awaited, like input events
        }
        await saver.flush();
        return (await m.loadDraft(draft.uuid)).form.positive_findings;
        """
    )
    assert kept == "Clean and calm"


def test_a_draft_kept_by_an_older_version_takes_the_new_format_when_the_app_loads(js):
    """Drafts stored before forms said their format are format 1; the new version upgrades
    them in IndexedDB (all of format 2's fields are optional), once, keeping what was typed."""
    found = js(
        """
        const older = {uuid: crypto.randomUUID(), owner_id: 7, created_at: "2019-06-01",
                       updated_at: "2019-06-01", server_errors: null,
                       form: {positive_findings: "Clean", detainees: [{outcome: "declined"}]}};
        await m.put("drafts", older);
        await m.upgradeDrafts(2);
        const kept = await m.get("drafts", older.uuid);
        const opened = await m.loadDraft(older.uuid, 2);
        return [older.form, kept.form, opened.form];
        """
    )
    older, kept, opened = found
    assert "format_version" not in older
    assert kept == opened == {**older, "format_version": 2}
