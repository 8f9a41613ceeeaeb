"""/notifications: the signed-in person's own messages, newest first; mark them read."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required

from icv import policy
from icv.extensions import db
from icv.notifications import bp, store, text


@bp.get("/")
@login_required
def index():
    notifications = store.newest(current_user)
    unread = store.unread_count(current_user)
    return render_template(
        "notifications/index.html",
        notifications=notifications,
        unread=unread,
        shown=store.LISTED,
        paragraphs=lambda body: text.paragraphs(body, own_host=request.host),
    )


@bp.post("/<int:notification_id>/read")
@login_required
def mark_read(notification_id: int):
    notification = policy.own_notification_or_404(current_user, notification_id)
    store.mark_read(notification)
    db.session.commit()
    flash(gettext("Marked “%(subject)s” as read", subject=notification.subject), "success")
    return redirect(url_for("notifications.index"))


@bp.post("/read")
@login_required
def mark_all_read():
    count = store.mark_all_read(current_user)
    db.session.commit()
    flash(
        ngettext(
            "Marked %(num)d notification as read", "Marked %(num)d notifications as read", count
        ),
        "success",
    )
    return redirect(url_for("notifications.index"))
