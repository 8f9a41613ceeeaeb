"""The figures' index on the rota's table, declared here so the rota's models stay its own.

Unmade rota visits are counted by the week their window starts (queries.unreported_visit_counts).
Migration 0008_figures_indexes creates it; importing this module adds it to the metadata.
"""

import sqlalchemy as sa

from icv.rota.models import ScheduledVisit

WINDOW_STARTS = sa.Index("ix_scheduled_visits_window_starts_on", ScheduledVisit.window_starts_on)
