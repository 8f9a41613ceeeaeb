"""The rota and TACT pages in Welsh (issue 19): every page a coordinator or a volunteer meets,
with its errors, shows none of the English the catalogue translates; emails go in their
reader's language."""

from __future__ import annotations

from datetime import timedelta

from icv.extensions import db
from icv.rota import calendar, notices
from icv.rota.models import RotaStatus
from tests.admin.smtp import text
from tests.conftest import extract_csrf, sign_in
from tests.sync.factory import tact_trained
from tests.welsh import ENGLISH, WELSH, english_left_on


def _both(client, url: str, post: dict | None = None, form: str = "") -> dict[str, str]:
    """The page in English and in Welsh (a POST's answer, with its errors, if `post`; the
    form is on the page `form`, if not on `url` itself)."""
    pages = {}
    for code, headers in (("en", ENGLISH), ("cy", WELSH)):
        if post is None:
            pages[code] = client.get(url, headers=headers).get_data(as_text=True)
        else:
            page = client.get(form or url, headers=headers).get_data(as_text=True)
            token = extract_csrf(page)
            answer = client.post(url, data={**post, "csrf_token": token}, headers=headers)
            pages[code] = answer.get_data(as_text=True)
    return pages


def _left(page: dict[str, str]) -> list[str]:
    return english_left_on(page["cy"], page["en"])


def _check(pages: dict[str, dict[str, str]]) -> None:
    left = {url: _left(page) for url, page in pages.items() if _left(page)}
    assert left == {}, "\n".join(f"{url}: {pieces}" for url, pieces in left.items())


def test_the_rota_and_tact_pages_in_welsh(app, client, scheme, make_rota):
    for person in scheme.people_a[2:]:
        person.availability = []  # two available
    scheme.suite_a.tact_designated = True
    tact_trained(*scheme.people_a[:2])
    db.session.commit()
    published = make_rota(weeks=2, published=True, seed=3)
    scheme.people_a[1].availability = []  # then one: the draft has gaps
    scheme.people_a[0].vetting_expires_on = scheme.start + timedelta(days=20)  # and a note
    db.session.commit()
    draft = make_rota(weeks=4)
    assert draft.gaps and draft.notes
    visit = published.visits[0]
    sign_in(client, scheme.coordinator)
    pages = {
        "/rota/": _both(client, "/rota/", {"panel": "", "seed": "abc"}),
        "draft": _both(client, f"/rota/{draft.id}"),
        "by suite": _both(client, f"/rota/{draft.id}?view=suite"),
        "publish?": _both(client, f"/rota/{draft.id}/publish"),
        "discard?": _both(client, f"/rota/{draft.id}/discard"),
        "visit": _both(client, f"/rota/visits/{visit.id}"),
        "move": _both(
            client,
            f"/rota/visits/{visit.id}/move",
            {"day": ["1", "1", "2001"], "band": "night"},
            form=f"/rota/visits/{visit.id}",
        ),
        "cancel": _both(
            client,
            f"/rota/visits/{published.visits[0].id}/cancel",
            {"reason": ""},
            form=f"/rota/visits/{published.visits[0].id}",
        ),
        "tact": _both(client, "/rota/tact-visits/new", {"suite_id": "", "visitor_ids": "x"}),
    }
    assert "Gwneud rota ddrafft" in pages["/rota/"]["cy"]
    assert "Bwlch</strong> Colindale, wythnos " in pages["draft"]["cy"]
    assert "dim ond un gwirfoddolwr ar gael" in pages["draft"]["cy"]
    assert "mae&#39;r fetio yn dod i ben ar" in pages["draft"]["cy"]
    assert "Mae problem wedi codi" in pages["tact"]["cy"]

    mine = published.visits[0]
    volunteer = mine.visitors[0]
    other = app.test_client()
    sign_in(other, volunteer)
    pages |= {
        "mine": _both(other, "/rota/mine"),
        "decline": _both(other, f"/rota/mine/{mine.id}/decline"),
        "time": _both(other, f"/rota/mine/{mine.id}/time", {"at": "25:99"}),
        "calendar": _both(other, "/rota/calendar"),
    }
    assert "Fy ymweliadau" in pages["mine"]["cy"]
    _check(pages)


def test_rota_emails_and_the_calendar_go_in_their_readers_language(
    client, scheme, make_rota, inbox
):
    rota = make_rota(weeks=2)
    welsh = rota.visits[0].visitors[0]
    welsh.language = "cy"
    db.session.commit()
    notices.notify_published(rota)
    by_person = {m["To"]: m for m in inbox.messages}
    mine = text(by_person[welsh.email])
    assert by_person[welsh.email]["Subject"] == "Eich ymweliadau â'r ddalfa"
    assert "Colindale" in mine and "Cadwch y dyddiadau hyn i chi'ch hun" in mine
    english = next(m for to, m in by_person.items() if to != welsh.email)
    assert english["Subject"] == "Your custody visits"

    rota.status = RotaStatus.PUBLISHED
    token = calendar.issue_feed(welsh)
    db.session.commit()
    feed = client.get(f"/rota/calendar/{token}.ics", headers=ENGLISH).get_data(as_text=True)
    assert "X-WR-CALNAME:Ymweliadau â'r ddalfa" in feed
    assert "SUMMARY:Ymweliad â'r ddalfa: Colindale" in feed and "SUMMARY:Custody" not in feed
