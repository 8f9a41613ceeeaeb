"""The emergency import form."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput
from wtforms import SubmitField

from icv.form import Form


class ImportForm(Form):
    export = FileField(
        _l("File of unsent reports"),
        widget=GovFileInput(),
        description=_l("The .json file a volunteer downloaded with ‘Export unsent reports’"),
        validators=[FileRequired(message=_l("Choose the file of unsent reports to import"))],
    )
    submit = SubmitField(_l("Import reports"), widget=GovSubmitInput())
