"""The sign-in family, home, account, notifications and error pages in Welsh (issue 19), and
the emails about an account in their reader's language."""

from __future__ import annotations

import time

from icv.auth.invitations import send_invitation
from icv.extensions import db
from icv.models import Role
from icv.notifications.store import keep
from tests.admin.smtp import text
from tests.conftest import extract_csrf, post_form, sign_in
from tests.test_coordinator_home import visit
from tests.welsh import ENGLISH, WELSH, english_left_on, visible_text


def _pages(client, headers: dict, visits: list[tuple]) -> dict[str, str]:
    """Each page, by what was asked: ("GET", path) or ("POST", path, data) as its form sends."""
    pages = {}
    for method, path, *data in visits:
        if method == "GET":
            response = client.get(path, headers=headers)
        else:
            token = extract_csrf(client.get(path, headers=headers).get_data(as_text=True))
            response = client.post(path, data={**data[0], "csrf_token": token}, headers=headers)
        pages[f"{method} {path}"] = response.get_data(as_text=True)
    return pages


def _both(app, who, visits: list[tuple]) -> tuple[dict, dict]:
    """The same pages in English and in Welsh, each asked for by a browser of that language."""
    pages = []
    for headers in (ENGLISH, WELSH):
        client = app.test_client()
        if who is not None:
            sign_in(client, who)
        pages.append(_pages(client, headers, visits))
    return pages[0], pages[1]


def test_the_account_pages_have_no_english_left_in_welsh(app, make_panel, make_suite, make_user):
    north = make_panel("North")
    northtown = make_suite(north, name="Northtown")
    volunteer = make_user(Role.VOLUNTEER, panel=north, name="Aled Jones")
    other = make_user(Role.VOLUNTEER, panel=north, name="Bethan Evans")
    coordinator = make_user(Role.COORDINATOR, panels=[north], name="Cerys Hughes")
    newcomer = make_user(Role.VOLUNTEER, panel=north, name="Dewi Morgan")
    newcomer.availability = []  # home asks them when they can visit, in a banner
    visit(northtown, [volunteer, other], starts_in=1, declined_by=other)
    visit(northtown, [volunteer, other], starts_in=2)
    visit(northtown, [volunteer], starts_in=10)
    for number in (1, 2):
        keep(volunteer.email, f"Northtown {number}", "Northtown, 2026-12-01")
    db.session.commit()
    wrong_password = {"current_password": "not it", "new_password": "short",
                      "confirm_password": "other"}  # fmt: skip
    english, welsh = {}, {}
    for who, visits in (
        (volunteer, [("GET", "/"), ("GET", "/account/"), ("POST", "/account/", {"name": ""}),
                     ("GET", "/notifications/"), ("POST", "/account/password", wrong_password),
                     ("GET", "/account/two-factor"), ("GET", "/no-such-page")]),
        (coordinator, [("GET", "/"), ("GET", "/account/two-factor")]),
        (newcomer, [("GET", "/")]),
        (None, [("POST", "/forgotten-password", {"email": "not an address"}),
                ("POST", "/forgotten-password", {"email": "nobody@example.org"}),
                ("GET", "/reset-password/not-a-token"), ("GET", "/set-password/not-a-token")]),
    ):  # fmt: skip
        for code, pages in zip(("en", "cy"), _both(app, who, visits), strict=True):
            role = (who.name if who is newcomer else who.role) if who else "signed out"
            (english if code == "en" else welsh).update(
                {f"{role} {page}": html for page, html in pages.items()}
            )

    left = {page: set(english_left_on(welsh[page], english[page])) for page in welsh}
    assert {page: found for page, found in left.items() if found} == {}
    welsh = {page: visible_text(html) for page, html in welsh.items()}
    assert "Helo, Aled Jones" in welsh["volunteer GET /"]
    assert "Cafodd eich manylion eu cadw" not in welsh["volunteer POST /account/"]
    assert "Rhowch eich enw llawn" in welsh["volunteer POST /account/"]
    assert (
        "Mae gennych chi 2 o hysbysiadau heb eu darllen." in welsh["volunteer GET /notifications/"]
    )
    assert (
        "Rhaid i'r cyfrinair newydd fod yn 10 nod neu fwy"
        in welsh["volunteer POST /account/password"]
    )
    assert "Heb ddod o hyd i'r dudalen" in welsh["volunteer GET /no-such-page"]
    assert "Pwysig" in welsh["Dewi Morgan GET /"]  # the banner's title
    home = welsh["coordinator GET /"]
    assert "Angen eich sylw" in home and "1 ymweliad na all rhywun fynd iddo" in home
    assert "Cydlynydd" in home and "Coordinator" in visible_text(english["coordinator GET /"])
    assert "Gwiriwch eich e-bost" in welsh["signed out POST /forgotten-password"]


def test_emails_about_an_account_go_in_their_readers_language(app, client, make_user, inbox):
    welsh_reader = make_user(Role.VOLUNTEER, name="Dafydd", email="dafydd@example.org")
    welsh_reader.language = "cy"
    english_reader = make_user(Role.VOLUNTEER, name="Emma", email="emma@example.org")
    db.session.commit()
    with app.test_request_context(headers=ENGLISH):  # whoever sends it reads English
        send_invitation(welsh_reader, "https://icv.example/set-password/x")
        send_invitation(english_reader, "https://icv.example/set-password/y")
    # A reset asked for on a Welsh page, by someone with no saved language: in Welsh.
    post_form(client, "/forgotten-password", {"email": "emma@example.org"}, headers=WELSH)
    for _ in range(100):
        if len(inbox.messages) == 3:
            break
        time.sleep(0.1)
    invitation_cy, invitation_en, reset_cy = inbox.messages
    assert invitation_cy["Subject"] == "Eich cyfrif Ymweld â'r ddalfa: dewiswch gyfrinair"
    assert text(invitation_cy).startswith("Helo Dafydd,\n\nRydych chi wedi cael cyfrif")
    assert 'lang="cy"' in invitation_cy.get_body(("html",)).get_content()
    assert invitation_en["Subject"] == "Your Custody visiting account: choose a password"
    assert reset_cy["Subject"] == "Ailosod eich cyfrinair Ymweld â'r ddalfa"


def test_a_language_chosen_before_signing_in_is_kept_on_the_account(app, make_user):
    chose_welsh = make_user(Role.VOLUNTEER)
    chose_english_before = make_user(Role.VOLUNTEER, language="en")
    for user in (chose_welsh, chose_english_before):
        client = app.test_client()
        client.get("/language/cy?next=/sign-in")  # the switch's link, signed out: a cookie
        sign_in(client, user)
    db.session.expire_all()
    assert db.session.get(type(chose_welsh), chose_welsh.id).language == "cy"
    # A choice already on the account stays: the cookie may be another person's, on a shared phone.
    assert db.session.get(type(chose_english_before), chose_english_before.id).language == "en"
    never_chose = make_user(Role.VOLUNTEER)
    sign_in(app.test_client(), never_chose)  # a browser asking for Welsh is no choice made
    db.session.expire_all()
    assert db.session.get(type(never_chose), never_chose.id).language is None


def test_shared_form_fields_speak_welsh(app):
    from flask_babel import lazy_gettext
    from werkzeug.datastructures import MultiDict

    from icv.fields import DateInputField, WholeNumberField
    from icv.form import Form

    class Sample(Form):
        class Meta:
            csrf = False

        on = DateInputField(lazy_gettext("Date of birth"))
        cells = WholeNumberField("Cells", example="Enter the number of cells", minimum=1)

    typed = MultiDict([("on", ""), ("on", "3"), ("on", ""), ("cells", "0")])
    for headers, expected in (
        (ENGLISH, ["Date of birth must include a day and year", "Cells must be 1 or more"]),
        (WELSH, ["Date of birth: rhowch y diwrnod a'r flwyddyn", "Cells: rhowch 1 neu fwy"]),
    ):
        with app.test_request_context(headers=headers):
            form = Sample(formdata=typed)
            form.validate()
            assert [*form.on.errors, *form.cells.errors] == expected
            assert ("Mis" if headers == WELSH else "Month") in str(form.on())  # the boxes' labels


def _switch_form(page: str, code: str) -> dict:
    """The fields of the page's switch to `code` (a form after refused answers)."""
    import html
    import re

    found = re.search(rf'<form method="post" action="/language/{code}".*?</form>', page, re.S)
    assert found, "after refused answers the switch is a form"
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', found.group())
    return {name: html.unescape(value) for name, value in fields}


def test_switching_language_after_refused_answers_keeps_what_was_typed(app, make_user):
    volunteer = make_user(Role.VOLUNTEER, name="Aled Jones", phone="")
    client = app.test_client()
    sign_in(client, volunteer)
    refused = post_form(client, "/account/", {"name": "", "phone": "01234 567890"}, headers=ENGLISH)
    switch = _switch_form(refused.get_data(as_text=True), "cy")
    assert switch["typed-phone"] == "01234 567890" and switch["next"] == "/account/"
    back = client.post("/language/cy", data=switch)
    assert back.headers["Location"] == "/account/"
    page = client.get("/account/").get_data(as_text=True)
    assert 'lang="cy"' in page and 'value="01234 567890"' in page
    assert 'value="01234 567890"' not in client.get("/account/").get_data(as_text=True)  # once

    signed_out = app.test_client()  # signed out too: the switch is a form after a refusal
    refused = post_form(signed_out, "/forgotten-password", {"email": "not an address"})
    signed_out.post("/language/cy", data=_switch_form(refused.get_data(as_text=True), "cy"))
    page = signed_out.get("/forgotten-password").get_data(as_text=True)
    assert "Ailosod eich cyfrinair" in page and 'value="not an address"' in page
