"""English or Welsh (issue 19): the switch on every page, what it remembers, the Welsh sign-in
page, and the Welsh catalogue's checks (docs/welsh.md)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from icv.extensions import db
from icv.models import Role, User
from tests.conftest import PASSWORD, extract_csrf, sign_in
from tests.welsh import WELSH_CATALOGUE, english_fragments, visible_text

ROOT = Path(__file__).resolve().parent.parent


def page_language(response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True))
    assert match, "the page has no <html lang>"
    return match.group(1)


def switch(client, code: str, *, back_to: str = "/sign-in"):
    """Signed out: follow the switch's link (it only sets the cookie)."""
    return client.get(f"/language/{code}", query_string={"next": back_to})


def switch_signed_in(client, code: str, *, page: str = "/"):
    """Signed in: submit the switch's form, as on the page, with its CSRF token."""
    html_page = client.get(page).get_data(as_text=True)
    assert f'action="/language/{code}"' in html_page
    token = extract_csrf(html_page)
    return client.post(f"/language/{code}", data={"csrf_token": token, "next": page})


def test_a_new_visitor_gets_the_language_their_browser_asks_for(client):
    assert page_language(client.get("/sign-in", headers={"Accept-Language": "cy"})) == "cy"
    asked = {"Accept-Language": "fr-FR,cy;q=0.8,en;q=0.5"}
    assert page_language(client.get("/sign-in", headers=asked)) == "cy"
    assert page_language(client.get("/sign-in", headers={"Accept-Language": "en-GB"})) == "en"
    assert page_language(client.get("/sign-in", headers={"Accept-Language": "fr"})) == "en"
    assert page_language(client.get("/sign-in")) == "en"


def test_signed_out_the_switch_is_a_link_remembered_in_a_cookie(client):
    english = {"Accept-Language": "en-GB"}
    page = client.get("/sign-in?next=/rota/mine", headers=english).get_data(as_text=True)
    assert 'href="/language/cy?next=/sign-in?next%3D/rota/mine"' in page
    assert 'action="/language/' not in page  # no form: a page needs no session for it

    response = switch(client, "cy", back_to="/sign-in?next=/rota/mine")

    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=/rota/mine"
    assert "HttpOnly" in response.headers["Set-Cookie"]
    welsh = client.get("/sign-in", headers=english)
    assert page_language(welsh) == "cy"
    assert 'href="/language/en?next=/sign-in"' in welsh.get_data(as_text=True)
    switch(client, "en")
    assert page_language(client.get("/sign-in", headers={"Accept-Language": "cy"})) == "en"


def test_the_switch_goes_back_only_to_a_page_on_this_site(client):
    for elsewhere in ("https://evil.example/sign-in", "//evil.example/x", "evil.example"):
        assert switch(client, "cy", back_to=elsewhere).headers["Location"] == "/"
    kept = switch(client, "cy", back_to="/apply?step=2")
    assert kept.headers["Location"] == "/apply?step=2"


def test_the_account_keeps_only_a_choice_posted_with_its_csrf_token(client, make_user):
    user = make_user(Role.VOLUNTEER)
    sign_in(client, user)
    client.post("/language/cy", data={"next": "/"})  # no token: refused
    client.get("/language/cy?next=/")  # a link (from anywhere) sets only the cookie
    db.session.expire_all()
    assert db.session.get(User, user.id).language is None
    assert switch(client, "fr").status_code == 404


def test_signed_in_the_choice_is_kept_on_the_account(app, client, make_user):
    user = make_user(Role.VOLUNTEER)
    sign_in(client, user)
    switch_signed_in(client, "cy")
    db.session.expire_all()
    assert db.session.get(User, user.id).language == "cy"

    # Another phone, a browser that asks for English, no cookie: the account's setting wins.
    other = app.test_client()
    sign_in(other, user)
    home = other.get("/", headers={"Accept-Language": "en"})
    text = home.get_data(as_text=True)
    assert page_language(home) == "cy"
    assert ">Hafan<" in text.replace(" ", "").replace("\n", "")
    assert "Allgofnodi" in text and ">Sign out<" not in text


def test_the_welsh_sign_in_page_has_none_of_its_english_strings(app, make_user):
    user = make_user(Role.VOLUNTEER)
    pages = {}
    for code, asked in (("en", "en-GB"), ("cy", "cy")):
        client = app.test_client()
        headers = {"Accept-Language": asked}
        blank = client.get("/sign-in", headers=headers).get_data(as_text=True)
        token = extract_csrf(blank)
        empty = client.post("/sign-in", data={"csrf_token": token}, headers=headers)
        wrong = client.post(
            "/sign-in",
            data={"csrf_token": token, "email": user.email, "password": PASSWORD + "x"},
            headers=headers,
        )
        answers = (empty.get_data(as_text=True), wrong.get_data(as_text=True))
        pages[code] = visible_text(blank + "".join(answers))
    on_english_page = {piece for piece in english_fragments() if piece in pages["en"]}
    assert len(on_english_page) >= 15  # the check reads the sign-in page's own strings
    assert {piece for piece in on_english_page if piece in pages["cy"]} == set()
    assert "Rhowch eich cyfeiriad e-bost" in pages["cy"]  # its error messages too
    assert "Rhowch gyfeiriad e-bost a chyfrinair cywir" in pages["cy"]


def test_the_welsh_catalogue_is_complete_and_marked_for_review(tmp_path):
    catalogue = read_po(WELSH_CATALOGUE.open("rb"))
    entries = [message for message in catalogue if message.id]
    assert [m.id for m in entries if m.fuzzy] == []
    assert [m.id for m in entries if not m.string] == []
    assert "professional review" in catalogue.header_comment  # before a scheme goes live

    template = tmp_path / "messages.pot"
    subprocess.run([str(ROOT / "scripts/translations"), "extract", str(template)], check=True)
    translated = {message.id for message in entries}
    missing = {
        message.id: sorted(path for path, _ in message.locations)
        for message in read_po(template.open("rb"))
        if message.id and message.id not in translated
    }
    assert missing == {}, "add these strings' Welsh to the cy catalogue (docs/welsh.md)"


def test_messages_are_written_in_the_recipients_language_outside_a_request(app, make_user):
    from flask_babel import gettext

    from icv.language import speaking

    reader = make_user(Role.VOLUNTEER)
    with app.app_context():  # as a scheduled job runs: no request, so no browser to ask
        assert gettext("Sign in") == "Sign in"
        reader.language = "cy"
        with speaking(reader) as code:
            assert (code, gettext("Sign in")) == ("cy", "Mewngofnodi")
        with speaking(None):
            assert gettext("Sign in") == "Sign in"
        reader.language = None
        with speaking(reader) as code:
            assert (code, gettext("Sign in")) == ("en", "Sign in")


def test_a_welsh_scheme_makes_welsh_the_language_of_people_who_have_not_chosen(
    app, make_user, monkeypatch
):
    from flask_babel import gettext

    from icv import create_app
    from icv.language import speaking

    monkeypatch.setitem(app.config, "DEFAULT_LANGUAGE", "cy")  # ICV_DEFAULT_LANGUAGE=cy
    client = app.test_client()
    assert page_language(client.get("/sign-in")) == "cy"  # a browser that asks for neither
    assert page_language(client.get("/sign-in", headers={"Accept-Language": "fr"})) == "cy"
    assert page_language(client.get("/sign-in", headers={"Accept-Language": "en-GB"})) == "en"
    never_chose, chose_english = make_user(Role.VOLUNTEER), make_user(Role.VOLUNTEER)
    chose_english.language = "en"
    with app.app_context():  # a scheduled job's email
        with speaking(never_chose):
            assert gettext("Sign in") == "Mewngofnodi"
        with speaking(chose_english):
            assert gettext("Sign in") == "Sign in"
        with speaking(None):  # what the app stores stays in English
            assert gettext("Sign in") == "Sign in"

    with pytest.raises(ValueError, match="ICV_DEFAULT_LANGUAGE must be one of en, cy"):
        create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                    "DEFAULT_LANGUAGE": "fr"})  # fmt: skip
