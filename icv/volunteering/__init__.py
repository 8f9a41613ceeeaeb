"""Volunteers' service: appraisals and probation, and the time they give beyond visits."""

from flask import Blueprint

bp = Blueprint("volunteering", __name__)
