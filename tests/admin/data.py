"""Form answers a browser would send, to start tests from."""

from __future__ import annotations

import re
from html import unescape


def volunteer_answers(panel, **changes) -> dict:
    answers = {
        "name": "Asha Patel",
        "email": "asha@example.org",
        "phone": "07700 900123",
        "panel_id": str(panel.id),
        "status": "active",
        "appointed_on": ["1", "4", "2024"],
        "term_ends_on": ["31", "3", "2028"],
        "vetting_expires_on": ["30", "6", "2027"],
        "visits_made": "7",
        "experienced": "yes",
        "max_visits_per_month": "2",
    }
    answers.update(changes)
    return answers


def suite_answers(panel, **changes) -> dict:
    answers = {
        "name": "Colindale",
        "address": "Grahame Park Way, London NW9",
        "panel_id": str(panel.id),
        "cells": "24",
        "status": "open",
        "target_visits_per_week": "1",
    }
    answers.update(changes)
    return answers


def error_messages(html: str) -> list[str]:
    """Inline error messages on a page, without the visually hidden 'Error:' prefix."""
    found = re.findall(
        r'class="govuk-error-message"[^>]*>\s*<span class="govuk-visually-hidden">Error:</span>'
        r"\s*([^<]+?)\s*</p>",
        html,
    )
    return [unescape(message) for message in found]


def summary_errors(html: str) -> list[str]:
    block = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, re.S)
    found = re.findall(r"<a [^>]*>\s*([^<]+?)\s*</a>", block.group(1)) if block else []
    return [unescape(message) for message in found]
