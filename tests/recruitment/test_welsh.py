"""Recruitment in Welsh (issue 19): the public form in the browser's language, the applicant's
emails in the language they applied in (whoever moves them on), and the pipeline's pages."""

from __future__ import annotations

import sqlalchemy as sa

from icv.extensions import db
from icv.models import Role, User
from icv.recruitment.diversity import keep_answers
from icv.recruitment.models import Application
from tests.admin.smtp import text
from tests.conftest import extract_csrf, post_form, sign_in
from tests.welsh import WELSH, english_fragments, english_left_on, visible_text
from tests.welsh import in_english_and_welsh as both


def _joined(pages) -> tuple[str, str]:
    return "".join(page[0] for page in pages), "".join(page[1] for page in pages)


def test_applying_in_welsh(app, client, answers, inbox, every_stage_emailed):
    wrong = {**answers, "name": "", "statement": "", "conditions": "no", "panel_id": "",
             "email": "elin.example.org"}  # fmt: skip
    pages = [both(client, "/apply"), both(client, "/apply", wrong)]
    welsh_answers = {**answers, "name": "Elin Jones", "email": "elin@example.org"}
    sent = post_form(client, "/apply", welsh_answers, headers=WELSH)
    assert sent.headers["Location"] == "/apply/equality-monitoring"
    pages.append(both(client, "/apply/equality-monitoring", {"sex": "unknown"}))
    pages.append(both(client, "/apply/sent"))
    english, welsh = _joined(pages)
    assert len({piece for piece in english_fragments() if piece in visible_text(english)}) >= 25
    assert english_left_on(welsh, english) == []
    for phrase in ("Gwneud cais i fod yn ymwelydd annibynnol â'r ddalfa", "Rhowch eich enw llawn",
                   "Beth yw eich rhyw?", "Cais wedi'i anfon",
                   "Gwirfoddolwyr di-dâl o'r gymuned leol",
                   "Rhowch gyfeiriad e-bost yn y fformat cywir"):  # fmt: skip
        assert phrase in visible_text(welsh), phrase
    [email] = inbox.messages
    assert email["Subject"] == "Mae eich cais wedi dod i law"
    assert "Annwyl Elin Jones" in text(email)

    [application] = db.session.scalars(sa.select(Application))
    assert application.language == "cy"  # later emails go in it, whoever moves it on


def test_the_pipeline_in_welsh_and_the_applicants_language_kept(
    app, client, make_panel, make_user, inbox, every_stage_emailed
):
    from icv.recruitment.pipeline import receive

    camden = make_panel("Camden")
    coordinator = make_user(Role.COORDINATOR, panels=[camden])
    elin = receive(camden, name="Elin Jones", email="elin@example.org", phone="",
                   statement="I want to help.")  # fmt: skip
    elin.language = "cy"
    keep_answers(elin, {"age_band": "25_34", "sex": "female"})
    other = receive(camden, name="Tom Price", email="tom@example.org", phone="",
                    statement="To help.")  # fmt: skip
    db.session.commit()
    sign_in(client, coordinator)
    shown = f"/recruitment/applications/{elin.id}"
    token = extract_csrf(client.get(shown).get_data(as_text=True))
    for stage in ("shortlisted", "interviewed", "vetting"):
        client.post(f"{shown}/move", data={"csrf_token": token, "to": stage})
    pages = [
        both(client, "/recruitment/"),
        both(client, f"/recruitment/panels/{camden.id}"),
        both(client, shown),
        both(client, f"/recruitment/applications/{other.id}"),
        both(client, f"/recruitment/applications/{other.id}/not-taken-forward", {"reason": ""}),
        both(client, f"{shown}/appoint"),
        both(client, "/recruitment/equality-monitoring"),
    ]
    english, welsh = _joined(pages)
    assert len({piece for piece in english_fragments() if piece in visible_text(english)}) >= 25
    assert english_left_on(welsh, english) == []
    for phrase in ("Monitro cydraddoldeb", "Ar y rhestr fer", "Penodi'n wirfoddolwr"):
        assert phrase in visible_text(welsh), phrase
    assert [message["Subject"] for message in inbox.messages] == [
        "Eich cais: ar y rhestr fer",
        "Eich cais: ar ôl eich cyfweliad",
        "Eich cais: fetio diogelwch",
    ]
    post_form(client, f"{shown}/appoint", {})
    volunteer = db.session.scalar(sa.select(User).where(User.email == "elin@example.org"))
    assert volunteer.language == "cy"
    assert inbox.messages[-1]["Subject"] == "Rydych wedi cael eich penodi'n ymwelydd dalfa"
