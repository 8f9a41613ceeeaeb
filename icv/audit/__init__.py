"""The audit trail: who created, viewed, changed, exported or deleted what, and when.

Other features call `record(...)` (icv.audit.trail) inside their own domain operations; the
event joins that operation's transaction, so it is kept exactly when the change is.
"""

from icv.audit.trail import record

__all__ = ["record"]
