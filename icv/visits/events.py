"""What happens to a visit report, for the features that derive their own rows from it.

`visits` stores a report (or an amendment) and sends one of these signals before it commits
(`reports.commit_with_derived`); `actions` (follow-up actions) and `figures` (the summary)
receive it and add their rows to the same transaction, so a report never commits without
them, and `visits` imports neither. The receivers connect when their modules are imported
(icv.create_app imports them) and do not depend on each other's order.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# The sender is the VisitReport, its columns and rows set, not yet committed.
report_stored = _signals.signal("report-stored", doc="A new report is being stored.")
report_amended = _signals.signal("report-amended", doc="A report is being amended.")
