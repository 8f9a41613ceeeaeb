"""The emergency import form."""

from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput
from wtforms import SubmitField

from icv.form import Form


class ImportForm(Form):
    export = FileField(
        "File of unsent reports",
        widget=GovFileInput(),
        description="The .json file a volunteer downloaded with ‘Export unsent reports’",
        validators=[FileRequired(message="Choose the file of unsent reports to import")],
    )
    submit = SubmitField("Import reports", widget=GovSubmitInput())
