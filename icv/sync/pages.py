"""The emergency import page (HTML, so outside /api/: errors and sign-in behave like pages)."""

from __future__ import annotations

from flask import abort, render_template
from flask_babel import gettext
from flask_login import current_user, login_required

from icv import policy
from icv.sync import pages_bp
from icv.sync.forms import ImportForm
from icv.sync.importing import NotAnExport, import_reports, read_export

MAX_FILE_BYTES = 5 * 1024 * 1024


@pages_bp.route("/import", methods=["GET", "POST"])
@login_required
def import_reports_page():
    if not policy.can_import_reports(current_user):
        abort(403)
    form, summary = ImportForm(), None
    if form.validate_on_submit():
        raw = form.export.data.read(MAX_FILE_BYTES + 1)
        try:
            if len(raw) > MAX_FILE_BYTES:
                raise NotAnExport(gettext("The file must be smaller than 5 MB"))
            summary = import_reports(read_export(raw), current_user)
        except NotAnExport as problem:
            form.export.errors.append(str(problem))
    return render_template("sync/import.html", form=form, summary=summary)
