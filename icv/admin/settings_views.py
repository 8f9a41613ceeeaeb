"""The scheme's settings that admins change in the app (issue 17: emailing the police)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user

from icv import policy
from icv.admin import bp
from icv.admin.forms import SchemeSettingsForm
from icv.dates import utcnow
from icv.extensions import db
from icv.models import POLICE_REPORT_EMAILS, SchemeSetting, setting_is_on

ADMINS = policy.roles_required(*policy.SETTINGS_CHANGERS)


@bp.route("/settings", methods=["GET", "POST"])
@ADMINS
def scheme_settings():
    form = SchemeSettingsForm()
    if not form.is_submitted():
        form.police_report_emails.data = "yes" if setting_is_on(POLICE_REPORT_EMAILS) else "no"
    if form.validate_on_submit():
        row = db.session.get(SchemeSetting, POLICE_REPORT_EMAILS)
        if row is None:
            row = SchemeSetting(name=POLICE_REPORT_EMAILS)
            db.session.add(row)
        row.value, row.changed_by_id, row.changed_at = (
            form.police_report_emails.data, current_user.id, utcnow(),
        )  # fmt: skip
        db.session.commit()
        flash(gettext("Settings saved."), "success")
        return redirect(url_for("admin.scheme_settings"))
    return render_template("admin/scheme_settings.html", form=form)
