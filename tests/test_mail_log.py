"""With no mail server, emails are logged without their bodies unless a developer asks."""

import logging

from icv.mail import send_email


def test_bodies_with_links_stay_out_of_the_log_by_default(app, app_ctx, caplog):
    with caplog.at_level(logging.INFO):
        send_email("x@example.org", "Reset your password", "https://icv/reset/SECRET", in_app=False)
    assert "Reset your password" in caplog.text
    assert "SECRET" not in caplog.text


def test_a_developer_can_see_bodies_in_the_log(app, app_ctx, caplog):
    app.config["MAIL_LOG_BODY"] = True
    try:
        with caplog.at_level(logging.INFO):
            send_email("x@example.org", "Reset", "https://icv/reset/SECRET", in_app=False)
    finally:
        app.config["MAIL_LOG_BODY"] = False
    assert "SECRET" in caplog.text
