"""Recruitment: the public application form, the pipeline of applicants, equality monitoring.

`bp` is defined without importing the views (as in icv.visits), so icv.policy can import the
models; icv.register_blueprints imports icv.recruitment.views.
"""

from flask import Blueprint

bp = Blueprint("recruitment", __name__)
