"""Settings: defaults here, then instance/config.py, then the environment, then a test mapping."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from icv.language import N_


class DefaultConfig:
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Requests over HTTPS get a Secure cookie anyway (icv.security); 1 makes every one Secure.
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(days=30)
    # Staff (coordinators, analysts, admins) are signed out after this long without a request
    # (icv.auth.session); volunteers' phones keep theirs for PERMANENT_SESSION_LIFETIME.
    STAFF_IDLE_MINUTES = 30
    WTF_CSRF_TIME_LIMIT = 3600
    # CSRF is checked in a before_request hook so bearer-token API calls can skip it.
    WTF_CSRF_CHECK_DEFAULT = False
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    SIGN_IN_RATE_LIMIT = "20 per minute"
    # Wrong passwords (icv.auth.throttle): counted per client address and per account from
    # that address, never pausing the account itself. Each failure from an address waits
    # LOCKOUT_DELAY_SECONDS longer than the last (5 s at most); past LOCKOUT_THRESHOLD for one
    # account, or LOCKOUT_ADDRESS_THRESHOLD in all, the address is refused LOCKOUT_MINUTES.
    # LOCKOUT_THRESHOLD wrong two-factor codes pause the account for LOCKOUT_MINUTES.
    LOCKOUT_THRESHOLD = 5
    LOCKOUT_ADDRESS_THRESHOLD = 20
    LOCKOUT_MINUTES = 15
    LOCKOUT_DELAY_SECONDS = 0.5
    # Two-factor sign-in and password reset (icv.auth); their rate limits, per client address.
    TWO_FACTOR_PENDING_SECONDS = 600  # between the password and the code
    TWO_FACTOR_RATE_LIMIT = "10 per minute"
    # Fernet keys for secrets stored encrypted (icv/crypto.py); empty: derived from SECRET_KEY.
    ENCRYPTION_KEYS = ""
    PASSWORD_RESET_MINUTES = 30
    PASSWORD_RESET_RATE_LIMIT = "5 per minute"  # noqa: S105 (a rate, not a password)
    # Per signed-in user: creating API tokens, and report uploads (an outbox of 50 must sync).
    TOKEN_RATE_LIMIT = "10 per hour"  # noqa: S105 (a rate, not a token)
    SYNC_RATE_LIMIT = "120 per minute"
    # Behind a reverse proxy: how many proxies set X-Forwarded-* (werkzeug ProxyFix); 0 = none.
    PROXY_FIX = 0
    SERVICE_NAME = "Custody visiting"
    # The scheme's language, "en" or "cy" (docs/welsh.md), for people who have not chosen one:
    # emails to them, and pages for a browser that asks for neither English nor Welsh.
    DEFAULT_LANGUAGE = "en"
    # The scheme's name as the Independent Reviewer reads it on a TACT report's copy.
    SCHEME_NAME = "Independent Custody Visiting Scheme"
    # Coordinators are reminded daily of Reviewer's copies not sent this many days after
    # the report came in (icv.tact.reminders).
    TACT_COPY_REMINDER_DAYS = 7
    # The site's public address, e.g. https://icv.example.org: links in email are built on it
    # (scheduled jobs have no request to take it from). Empty: the request's, or no links.
    BASE_URL = ""
    # Pages and API answers compressed for clients that accept it (Flask-Compress), with or
    # without a proxy in front; static files come precompressed (icv/assets.py). Streamed
    # downloads (CSV, XLSX) are left alone.
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_STREAMS = False
    COMPRESS_MIMETYPES = ["text/html", "application/json", "application/manifest+json",
                          "text/javascript", "text/css", "text/plain", "image/svg+xml"]  # fmt: skip
    # Email: icv.mail.smtp_settings is the one place that reads these. ICV_SMTP_* are the
    # names to use; the older ICV_MAIL_* still work (SMTP_* win when both are set). With no
    # SMTP host, or MAIL_ENABLED off, messages are logged and kept as in-app notifications.
    SMTP_HOST = None
    SMTP_PORT = None
    SMTP_USERNAME = None
    SMTP_PASSWORD = None
    SMTP_USE_TLS = None
    SMTP_SENDER = None
    MAIL_ENABLED = True
    MAIL_SERVER = None
    MAIL_PORT = 25
    MAIL_SENDER = "icv@localhost"
    MAIL_USE_TLS = False
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    INVITATION_DAYS = 7
    # Coordinators hear weekly about actions sent to the police unanswered this long (days).
    POLICE_RESPONSE_DAYS = 14
    # Retention (icv.privacy.retention): detainee text and custody numbers are anonymised this
    # many years after the visit; deactivated volunteers' details purged this long after.
    RETENTION_DETAINEE_YEARS = 3
    RETENTION_DEACTIVATED_VOLUNTEER_YEARS = 1
    # Recruitment (icv.recruitment): applications at /apply per client address; the stages at
    # which the applicant is emailed (any of applied, shortlisted, interviewed, vetting,
    # appointed, not_taken_forward; a list, or text like "applied,appointed"); applications
    # not taken forward, and their equality-monitoring answers, are deleted after this many
    # months (icv.privacy.retention). The role description is shown above the form
    # (paragraphs separated by a blank line).
    APPLY_RATE_LIMIT = "5 per hour"
    RECRUITMENT_EMAIL_STAGES = ("applied", "appointed", "not_taken_forward")
    RETENTION_APPLICATION_MONTHS = 6
    # The default is in the Welsh catalogue (N_); a scheme's own text is shown as it is set.
    RECRUITMENT_ROLE_DESCRIPTION = N_(
        "Independent custody visitors are unpaid volunteers from the local community who "
        "visit police custody suites, unannounced and in pairs, to check on the rights, "
        "welfare and dignity of people held there, and report what they find.\n\n"
        "You will make about one visit a month, at any time of day or night, and go to panel "
        "meetings and training. We pay travel expenses.\n\n"
        "You must be 18 or over and independent of the police: serving police officers, "
        "police staff, special constables, magistrates and the commissioner's staff cannot "
        "apply. Applicants are interviewed and security-vetted; once appointed, you start "
        "with a probationary period alongside experienced visitors."
    )
    # Hours given (icv.figures.hours): travel time counted with each visit, for each visitor.
    VISIT_TRAVEL_MINUTES = 60
    # Probation ends (icv.volunteering.probation) after this many visits made since
    # appointment and a satisfactory observed visit; the coordinator then confirms it.
    PROBATION_VISITS = 3
    # Expenses (icv.expenses): the mileage rate in pence a mile; the largest claim in miles
    # (more is a typing slip) and in pence for any other cost; receipt photos up to this size,
    # kept in RECEIPT_FOLDER (empty: instance/receipts). Finance's cost code for each kind.
    # Claims and their receipts are deleted this many years after the cost (HMRC keeps 6).
    MILEAGE_RATE_PENCE = 45
    EXPENSE_MAX_MILES = 500
    EXPENSE_MAX_PENCE = 50000
    RECEIPT_MAX_BYTES = 5 * 1024 * 1024
    RECEIPT_FOLDER = ""
    EXPENSE_COST_CODES = {"mileage": "ICV-MIL", "parking": "ICV-PARK",
                          "transport": "ICV-PT", "other": "ICV-OTH"}  # fmt: skip
    RETENTION_EXPENSE_YEARS = 7
    # Follow-up actions: days from the visit to the due date, per category (icv.actions).
    ACTION_DUE_DAYS = {
        "allegation": 2,  # allegations about treatment are urgent
        "detainee_issue": 14,
        "suite_condition": 28,
        "access_delay": 14,
        "follow_up": 28,
    }


def _coerce(value: str):
    """Environment values are strings; turn obvious booleans and integers into Python values."""
    lowered = value.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    if value.isdigit():
        return int(value)
    return value


def from_environment(environ=os.environ) -> dict:
    """DATABASE_URL and SECRET_KEY by their usual names; everything else with the ICV_ prefix."""
    settings = {key[4:]: _coerce(value) for key, value in environ.items() if key.startswith("ICV_")}
    if environ.get("DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(environ["DATABASE_URL"])
    if environ.get("SECRET_KEY"):
        settings["SECRET_KEY"] = environ["SECRET_KEY"]
    return settings


def normalise_database_url(url: str) -> str:
    """Accept postgres:// and postgresql:// URLs and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def instance_secret_key(instance_path: str) -> str:
    """Generate a secret key once and keep it in the instance folder (never in the code)."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
