"""The figures page, its downloads and the stats API's messages in Welsh (issue 19)."""

from __future__ import annotations

import csv
import io
from html import unescape

from openpyxl import load_workbook

from icv.extensions import db
from tests.conftest import sign_in
from tests.figures.conftest import file_report
from tests.welsh import ENGLISH, WELSH, english_left_on


def test_figures_page_downloads_and_api_messages_in_welsh(app, scheme):
    file_report(scheme, scheme.suite_a1, "2019-06-01 21:10", ["interviewed", "declined"])
    file_report(scheme, scheme.suite_a2, "2019-10-05 03:00", [("unavailable", "asleep")])
    file_report(scheme, scheme.suite_b, "2020-01-09 14:00", ["interviewed"] * 4)
    client = app.test_client()
    sign_in(client, scheme.analyst)  # no saved language: Accept-Language chooses

    for number, person in enumerate([*scheme.pair_a, *scheme.pair_b]):
        person.name = f"Aled {number}"  # not "Volunteer 1": names are data, in any language
    db.session.commit()
    coordinator = app.test_client()  # also sees the hours each volunteer gave
    sign_in(coordinator, scheme.coordinator)
    pages = [(client, "year=2019&quarter=year"), (client, "year=2019&quarter=Q1"),
             (client, "year=1999&quarter=Q7"), (coordinator, "year=2019")]  # fmt: skip
    for reader, query in pages:
        english = reader.get(f"/figures/?{query}", headers=ENGLISH).get_data(as_text=True)
        welsh = reader.get(f"/figures/?{query}", headers=WELSH).get_data(as_text=True)
        assert english_left_on(welsh, english) == [], query
    assert "Oriau fesul gwirfoddolwr" in unescape(welsh)
    welsh = unescape(client.get("/figures/?year=2019&quarter=year", headers=WELSH).get_data(True))
    for text in ("Ffigurau ar gyfer 2019-20", "Prif ffigurau", "Fesul chwarter", "Dydd Llun",
                 "Ymweliadau wedi'u gwneud", "Dangos ffigurau", "2019-20 Ch1"):  # fmt: skip
        assert text in welsh, text
    assert "Quarter" not in welsh and "2019-20 Q1" not in welsh
    welsh = client.get("/figures/?year=1999&quarter=Q7", headers=WELSH).get_data(as_text=True)
    assert "Dewiswch y flwyddyn gyfan neu chwarter" in welsh

    # Downloads: headings and sheet names in Welsh when asked in Welsh; English unchanged.
    url = "/figures/export.csv?year=2019&quarter=year&table=headline"
    english = next(csv.reader(io.StringIO(client.get(url, headers=ENGLISH).get_data(True))))
    assert english == ["measure", "label", "value"]
    rows = list(csv.reader(io.StringIO(client.get(url, headers=WELSH).get_data(True))))
    assert rows[0] == ["Mesur", "Disgrifiad", "Gwerth"]
    assert ["visits_made", "Ymweliadau wedi'u gwneud", "3"] in rows
    book = load_workbook(
        io.BytesIO(client.get("/figures/export.xlsx?year=2019", headers=WELSH).data)
    )
    assert book.sheetnames[0] == "Prif ffigurau"
    assert [cell.value for cell in book["Oriau"][1]][:2] == ["Lefel", "Cyfnod"]

    # The stats API's messages for people, in the language asked for.
    answer = client.get("/api/v1/stats/annual?year=2019", headers=WELSH).get_json()
    assert "Rhowch y flwyddyn ariannol" in str(answer)
