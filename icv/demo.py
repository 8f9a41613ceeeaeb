"""A demo scheme shaped like London's: borough panels, 30 custody suites, 224 volunteers."""

from __future__ import annotations

import random
import secrets
from datetime import date, timedelta

import sqlalchemy as sa

from icv.auth.accounts import hash_password
from icv.auth.two_factor import new_secret
from icv.dates import financial_quarter, financial_year_of, next_financial_quarter
from icv.extensions import db
from icv.models import (
    STANDARD_COURSES,
    TACT_COURSE,
    Availability,
    Panel,
    Role,
    Suite,
    SuiteOpenPeriod,
    SuiteStatus,
    TimeBand,
    TrainingRecord,
    User,
    VolunteerStatus,
    utcnow,
)
from icv.policy import two_factor_required
from icv.rota import planning
from icv.rota.models import Rota, RotaStatus
from icv.volunteering.models import (
    Appraisal,
    AppraisalKind,
    AppraisalOutcome,
    TimeGiven,
    TimeKind,
)

# (panel, boroughs it covers, [(suite, status)]): 20 panels, 24 open and 6 contingency suites.
PANELS = [
    ("Barnet", "Barnet", [("Colindale", "open")]),
    ("Brent", "Brent", [("Wembley", "open")]),
    ("Bromley", "Bromley", [("Bromley", "open")]),
    (
        "Camden and Islington",
        "Camden, Islington",
        [("Holborn", "open"), ("Kentish Town", "contingency")],
    ),
    ("Croydon", "Croydon", [("Croydon", "open")]),
    ("Ealing", "Ealing", [("Ealing", "open"), ("Acton", "contingency")]),
    (
        "Enfield and Haringey",
        "Enfield, Haringey",
        [("Wood Green", "open"), ("Tottenham", "contingency")],
    ),
    (
        "Greenwich and Lewisham",
        "Greenwich, Lewisham",
        [("Lewisham", "open"), ("Plumstead", "contingency")],
    ),
    ("Hackney", "Hackney", [("Stoke Newington", "open")]),
    (
        "Hammersmith, Fulham, Kensington and Chelsea",
        "Hammersmith and Fulham, Kensington and Chelsea",
        [("Hammersmith", "open"), ("Notting Hill", "contingency")],
    ),
    ("Havering and Barking", "Havering, Barking and Dagenham", [("Romford", "open")]),
    ("Hillingdon", "Hillingdon", [("Heathrow", "open"), ("Uxbridge", "open")]),
    ("Hounslow", "Hounslow", [("Feltham", "open")]),
    ("Kingston and Richmond", "Kingston upon Thames, Richmond upon Thames", [("Kingston", "open")]),
    ("Lambeth and Southwark", "Lambeth, Southwark", [("Brixton", "open"), ("Walworth", "open")]),
    ("Merton and Sutton", "Merton, Sutton", [("Sutton", "open"), ("Wimbledon", "contingency")]),
    ("Newham", "Newham", [("Stratford", "open")]),
    (
        "Redbridge and Waltham Forest",
        "Redbridge, Waltham Forest",
        [("Ilford", "open"), ("Leyton", "open")],
    ),
    ("Tower Hamlets", "Tower Hamlets", [("Bethnal Green", "open")]),
    ("Westminster", "Westminster", [("Charing Cross", "open"), ("Belgravia", "open")]),
]
VOLUNTEER_COUNT = 224
# London's TACT-designated suite: only its panel's TACT-trained volunteers visit it.
TACT_SUITE = "Charing Cross"
TACT_2019_COURSE = date(2019, 3, 1)  # the TACT training the demo year's TACT visits rely on
TERM = timedelta(days=3 * 365)  # an appointment lasts three years, and so does vetting
PROBATION_LENGTH = timedelta(days=180)
# The first published rota covers at least this long from today (to the end of a quarter).
CURRENT_ROTA_DAYS = 28
CURRENT_ROTA_SEEDS = 20
DEMO_ROLE_EMAILS = {
    Role.VOLUNTEER: "volunteer@example.org",
    Role.COORDINATOR: "coordinator@example.org",
    Role.ANALYST: "analyst@example.org",
    Role.ADMIN: "admin@example.org",
    Role.POLICE: "police@example.org",  # the custody inspector of the first panel's suite
}
_DEMO_VOLUNTEER = sa.or_(
    User.email.like("icv%@example.org"), User.email == DEMO_ROLE_EMAILS[Role.VOLUNTEER]
)
_DEMO_ACCOUNT = sa.or_(
    User.email.like("icv%@example.org"), User.email.in_(list(DEMO_ROLE_EMAILS.values()))
)
FIRST_NAMES = [
    "Aisha",
    "Ben",
    "Chloe",
    "Dev",
    "Elena",
    "Femi",
    "Grace",
    "Hamza",
    "Ines",
    "Jonah",
    "Kemi",
    "Liam",
    "Maya",
    "Nadia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
    "Uma",
    "Victor",
    "Wen",
    "Yusuf",
    "Zara",
]  # noqa: E501
LAST_NAMES = [
    "Adeyemi",
    "Brown",
    "Chen",
    "Davies",
    "Evans",
    "Fernandes",
    "Green",
    "Hussain",
    "Ibrahim",
    "Jones",
    "Khan",
    "Lewis",
    "Morris",
    "Nowak",
    "Okafor",
    "Patel",
    "Quinn",
    "Roberts",
    "Singh",
    "Taylor",
    "Usman",
    "Walker",
    "Young",
]  # noqa: E501


def seed_demo(password: str, seed: int = 2019) -> dict:
    """Create the demo scheme if it is missing; safe to run again. Returns what was added."""
    rng = random.Random(seed)
    password_hash = hash_password(password)
    panels = _ensure_panels()
    added = {"panels": len(panels["new"]), "suites": panels["suites"], "volunteers": 0}
    all_panels = panels["all"]
    existing = set(db.session.scalars(sa.select(User.email)))
    for number in range(1, VOLUNTEER_COUNT + 1):
        email = f"icv{number:03d}@example.org"
        if email in existing:
            continue
        panel = all_panels[(number - 1) % len(all_panels)]
        db.session.add(_demo_volunteer(rng, number, email, panel, password_hash))
        added["volunteers"] += 1
    added["accounts"] = _ensure_role_accounts(all_panels, password, existing)
    db.session.flush()
    today = date.today()
    tact_panels = set(db.session.scalars(sa.select(Suite.panel_id).where(Suite.tact_designated)))
    for volunteer in db.session.scalars(sa.select(User).where(_DEMO_VOLUNTEER)):
        renew(volunteer, today)
        _ensure_training(volunteer, today, tact_panels)
    db.session.commit()
    from icv.figures.demo_year import seed_demo_year  # the 2019/20 visits and reports

    added["reports"] = seed_demo_year()
    added["rota_visits"] = _ensure_current_rotas(today)
    from icv.demo_recent import seed_recent_reports  # the last weeks, through the intake

    added["recent_reports"] = seed_recent_reports(today)
    from icv.recruitment.demo import seed_demo_applications  # applicants at every stage

    added["applications"] = seed_demo_applications(all_panels[0])  # the coordinator's
    added["time_given"] = _ensure_service(today)
    from icv.expenses.demo import seed_demo_claims  # the demo volunteer's expenses claims

    people = {role: db.session.scalar(sa.select(User).where(User.email == email))
              for role, email in DEMO_ROLE_EMAILS.items()}  # fmt: skip
    added["expense_claims"] = seed_demo_claims(
        people[Role.VOLUNTEER], people[Role.COORDINATOR], today
    )
    return added


def reset_demo_passwords(password: str) -> int:
    """Give every demo account this password and sign them out elsewhere; how many there are.
    (Passwords are stored hashed, so this is the only way to print one again.)"""
    password_hash = hash_password(password)
    accounts = db.session.scalars(sa.select(User).where(_DEMO_ACCOUNT)).all()
    for user in accounts:
        user.password_hash = password_hash
        user.session_token = secrets.token_hex(16)
    db.session.commit()
    return len(accounts)


def demo_two_factor_keys() -> dict[str, str | None]:
    """Each demo role account's authenticator key, read from the database (None: none set up)."""
    query = sa.select(User).where(User.email.in_(list(DEMO_ROLE_EMAILS.values())))
    return {user.email: user.totp_secret for user in db.session.scalars(query)}


def _ensure_current_rotas(today: date) -> int:
    """Publish a rota from today for every panel that has none covering today, so volunteers
    have visits coming up. The demo volunteer's panel tries seeds until they have one."""
    starts_on, ends_on = current_rota_period(today)
    covered = set(
        db.session.scalars(
            sa.select(Rota.panel_id).where(
                Rota.status == RotaStatus.PUBLISHED, Rota.starts_on <= today, Rota.ends_on >= today
            )
        )
    )
    demo_volunteer = db.session.scalar(
        sa.select(User).where(User.email == DEMO_ROLE_EMAILS[Role.VOLUNTEER])
    )
    planned = 0
    for panel in db.session.scalars(sa.select(Panel).order_by(Panel.name)):
        if panel.id in covered:
            continue
        for seed in range(CURRENT_ROTA_SEEDS):
            rota = planning.generate_draft(panel, starts_on, ends_on, seed=seed)
            if panel.id != demo_volunteer.panel_id or any(
                demo_volunteer in visit.visitors for visit in rota.visits
            ):
                break
            planning.discard(rota)
        if planning.publish(rota):  # a generated draft keeps every rule; this is a bug
            raise RuntimeError(f"the demo rota of {panel.name} breaks a rule")
        planned += len(rota.visits)
    db.session.commit()
    return planned


def _ensure_panels() -> dict:
    by_name = {p.name: p for p in db.session.scalars(sa.select(Panel))}
    new, suites_added = [], 0
    suite_names = set(db.session.scalars(sa.select(Suite.name)))
    for index, (name, area, suites) in enumerate(PANELS):
        panel = by_name.get(name)
        if panel is None:
            panel = Panel(name=name, area=area)
            db.session.add(panel)
            by_name[name] = panel
            new.append(panel)
        for suite_name, status in suites:
            if suite_name in suite_names:
                continue
            db.session.add(
                Suite(
                    name=suite_name,
                    address=f"{suite_name} Police Station, London",
                    panel=panel,
                    cells=12 + (index * 7) % 30,
                    status=SuiteStatus(status),
                    target_visits_per_week=1,  # a contingency suite: while it is open
                    tact_designated=suite_name == TACT_SUITE,
                )
            )
            suites_added += 1
    db.session.flush()
    _ensure_open_periods()
    return {"all": [by_name[name] for name, _, _ in PANELS], "new": new, "suites": suites_added}


def _ensure_open_periods() -> None:
    """Contingency suites' open periods: the 2019/20 spells of the demo year (each closed
    before its last two planned visits, which were cancelled), and two around today, so the
    rota shows a suite open now and one opening soon. Suites with periods are left alone."""
    from icv.figures.demo_plan import CLOSED_EARLY, CONTINGENCY_SPELLS, YEAR_STARTS

    today = date.today()
    periods = {
        name: [(YEAR_STARTS + timedelta(weeks=first),
                YEAR_STARTS + timedelta(weeks=first + weeks - CLOSED_EARLY, days=-1),
                "2019/20: cover while a 24/7 suite was refitted")]
        for name, (first, weeks) in CONTINGENCY_SPELLS.items()
    }  # fmt: skip
    now = (today - timedelta(days=10), today + timedelta(days=32), "Cover while Ealing is refitted")
    periods["Acton"].append(now)
    periods["Tottenham"] = [(today + timedelta(days=21), None, "Extra cells for an operation")]
    for suite in db.session.scalars(sa.select(Suite).where(Suite.name.in_(list(periods)))):
        if suite.status == SuiteStatus.CONTINGENCY and not suite.open_periods:
            suite.open_periods = [
                SuiteOpenPeriod(opens_on=opens, closes_on=closes, note=note)
                for opens, closes, note in periods[suite.name]
            ]
    db.session.flush()


def _demo_volunteer(rng, number, email, panel, password_hash) -> User:
    today = date.today()
    appointed = today - timedelta(days=rng.randint(30, 6 * 365))
    status = rng.choices(
        [VolunteerStatus.ACTIVE, VolunteerStatus.PROBATION, VolunteerStatus.ON_LEAVE],
        weights=[80, 12, 8],
    )[0]
    visits_made = 0 if status == VolunteerStatus.PROBATION else rng.randint(2, 70)
    user = User(
        email=email,
        name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        role=Role.VOLUNTEER,
        password_hash=password_hash,
        panel=panel,
        status=status,
        appointed_on=appointed,
        probation_completed_on=None
        if status == VolunteerStatus.PROBATION
        else min(appointed + PROBATION_LENGTH, today),
        term_ends_on=appointed + TERM,
        vetting_expires_on=today + timedelta(days=rng.randint(-30, 3 * 365)),
        visits_made=visits_made,
        experienced=visits_made >= 12,
        max_visits_per_month=2 if visits_made >= 12 else 1,
    )
    slots = rng.sample([(d, b) for d in range(7) for b in TimeBand], k=rng.randint(4, 14))
    user.availability = [Availability(weekday=d, band=b) for d, b in slots]
    return user


def _ensure_training(volunteer: User, today: date, tact_panels: set[int]) -> None:
    """Induction on appointment for every demo volunteer; TACT training too for the TACT
    suite's panel, done in the last year and valid three years, and (being few, for two
    suites) up to two visits a month. No random numbers drawn: the rest of the demo stays
    as it was. Volunteers with records are left alone."""
    if volunteer.trainings:
        return
    volunteer.trainings.append(
        TrainingRecord(course_code="induction", completed_on=volunteer.appointed_on)
    )
    if volunteer.panel_id in tact_panels:
        completed = today - timedelta(days=30 + volunteer.id * 37 % 300)
        volunteer.trainings.append(
            TrainingRecord(course_code=TACT_COURSE, completed_on=completed,
                           expires_on=completed + TERM)
        )  # fmt: skip
        # The course before, for the 2019/20 year's visits to people held under TACT.
        volunteer.trainings.append(
            TrainingRecord(course_code=TACT_COURSE, completed_on=TACT_2019_COURSE,
                           expires_on=TACT_2019_COURSE + TERM)
        )  # fmt: skip
        volunteer.max_visits_per_month = max(volunteer.max_visits_per_month, 2)


def current_rota_period(today: date) -> tuple[date, date]:
    """The demo's published rota: from today to the end of a quarter at least four weeks away."""
    return today, financial_quarter(today + timedelta(days=CURRENT_ROTA_DAYS - 1))[1]


def coming_quarter(today: date) -> tuple[date, date]:
    """The quarter after the published rota: the one a coordinator would plan next."""
    return next_financial_quarter(current_rota_period(today)[1])


def renew(volunteer: User, today: date) -> None:
    """Renew, as a scheme does, an appointment or vetting that would lapse before the coming
    quarter ends (by whole three-year terms), so the demo volunteers can visit today."""
    horizon = coming_quarter(today)[1]
    while volunteer.term_ends_on < horizon:
        volunteer.term_ends_on += TERM
    while volunteer.vetting_expires_on <= horizon:
        volunteer.vetting_expires_on += TERM


def _ensure_role_accounts(
    panels: list[Panel], password: str, existing: set[str]
) -> dict[str, str | None]:
    """Create the missing demo accounts: {email: two-factor secret, or None for a volunteer}."""
    home_panel = panels[0]
    created = {}
    for role, email in DEMO_ROLE_EMAILS.items():
        if email in existing:
            continue
        user = User(
            email=email,
            name=f"Demo {role.value}",
            role=role,
            password_hash=hash_password(password),
        )
        if two_factor_required(user):  # staff sign in with a code from an authenticator app
            user.totp_secret = new_secret()
            user.totp_enabled_at = utcnow()
        created[email] = user.totp_secret
        if role == Role.VOLUNTEER:
            user.panel = home_panel
            user.status = VolunteerStatus.ACTIVE
            user.appointed_on = date.today() - timedelta(days=400)
            user.probation_completed_on = date.today() - timedelta(days=220)
            user.term_ends_on = date.today() + timedelta(days=700)
            user.vetting_expires_on = date.today() + timedelta(days=700)
            user.experienced = True
            user.visits_made = 14
            user.availability = [Availability(weekday=d, band=TimeBand.EVENING) for d in range(7)]
        if role == Role.COORDINATOR:
            user.coordinated_panels = panels[:2]
        if role == Role.POLICE:  # a suite the demo coordinator sends actions from
            user.police_suites = home_panel.suites[:1]
        db.session.add(user)
    return created


# --- appraisals, probation and hours given (issue 18) ---------------------------------------
# Quarterly panel meetings attended by each panel's first volunteers, and the time of the
# demo's training records, so the hours given are not empty in 2019/20 or now; a volunteer
# on probation with an observed visit, a few appraisals, and one meeting the demo volunteer
# recorded for the demo coordinator to confirm. No random numbers drawn; visits and reports
# are untouched, so the published 2019/20 figures stay as they are.
MEETING_MINUTES = 120
MEETING_ATTENDANCE = 6  # of each panel's volunteers
TRAINING_MINUTES = {"induction": 360, TACT_COURSE: 420, "refresher": 180}
YEARLY_APPRAISALS = [
    (AppraisalOutcome.SATISFACTORY, "Reports are clear and on time."),
    (AppraisalOutcome.DEVELOPMENT, "Good visits; to attend the refresher on custody records."),
    (AppraisalOutcome.SATISFACTORY, "Pairs well with new visitors."),
]


def _meeting_days(today: date) -> list[date]:
    """Mid-quarter meeting days of 2019/20 and of the last financial year up to today, and
    at least one in this financial year."""
    this_year = financial_year_of(today)
    years = sorted({2019, this_year - 1, this_year})
    days = [date(year + (month < 4), month, 14) for year in years for month in (5, 8, 11, 2)]
    days = [day for day in days if day <= today]
    return days if days[-1] >= _this_year_from(today) else [*days, _recent_day(today, 21)]


def _refresher_days(today: date) -> list[date]:
    """A refresher training day in 2019/20, and a recent one in this financial year."""
    return [date(2019, 10, 9), _recent_day(today, 30)]


def _this_year_from(today: date) -> date:
    return date(financial_year_of(today), 4, 1)


def _recent_day(today: date, days_ago: int) -> date:
    """Some days ago, but in this financial year."""
    return max(today - timedelta(days=days_ago), _this_year_from(today))


def _ensure_service(today: date) -> int:
    """Add the demo's time given and appraisals unless there is any; how many time rows."""
    if db.session.scalar(sa.select(TimeGiven.id).limit(1)) is not None:
        return 0
    coordinator = db.session.scalar(
        sa.select(User).where(User.email == DEMO_ROLE_EMAILS[Role.COORDINATOR])
    )
    confirmed = {"recorded_by_id": coordinator.id, "confirmed_by_id": coordinator.id,
                 "confirmed_at": utcnow()}  # fmt: skip
    volunteers = db.session.scalars(sa.select(User).where(_DEMO_VOLUNTEER).order_by(User.email))
    by_panel: dict[int, list[User]] = {}
    for volunteer in volunteers:
        by_panel.setdefault(volunteer.panel_id, []).append(volunteer)
    rows = [
        TimeGiven(user_id=person.id, kind=TimeKind.MEETING, given_on=day,
                  minutes=MEETING_MINUTES, note="Quarterly panel meeting", **confirmed)
        for day in _meeting_days(today)
        for people in by_panel.values()
        for person in people[:MEETING_ATTENDANCE]
    ]  # fmt: skip
    for day in _refresher_days(today):  # a training record each, whose time counts below
        for people in by_panel.values():
            for person in people[:MEETING_ATTENDANCE]:
                person.trainings.append(TrainingRecord(course_code="refresher", completed_on=day,
                                                       recorded_by_id=coordinator.id))  # fmt: skip
    db.session.flush()
    rows += [
        TimeGiven(user_id=record.user_id, kind=TimeKind.TRAINING, given_on=record.completed_on,
                  minutes=TRAINING_MINUTES.get(record.course_code, 180),
                  note=f"{STANDARD_COURSES.get(record.course_code, 'Other')} training",
                  **confirmed)
        for record in db.session.scalars(
            sa.select(TrainingRecord).where(TrainingRecord.completed_on <= today)
        )
    ]  # fmt: skip
    volunteer = db.session.scalar(
        sa.select(User).where(User.email == DEMO_ROLE_EMAILS[Role.VOLUNTEER])
    )
    rows.append(TimeGiven(user_id=volunteer.id, kind=TimeKind.MEETING,
                          given_on=today - timedelta(days=10), minutes=90,
                          note="Panel meeting with the custody inspector",
                          recorded_by_id=volunteer.id))  # fmt: skip
    db.session.add_all(rows)
    _demo_appraisals(coordinator, by_panel, today)
    db.session.commit()
    return len(rows)


def _demo_appraisals(coordinator: User, by_panel: dict, today: date) -> None:
    """An observed visit for the first volunteer on probation in the coordinator's panels,
    and a yearly appraisal for the first three others of their home panel."""
    panels = [panel.id for panel in coordinator.coordinated_panels]
    people = [person for panel in panels for person in by_panel.get(panel, [])]
    newcomer = next((p for p in people if p.probation_completed_on is None), None)
    appraisals = []
    if newcomer is not None:
        appraisals.append(Appraisal(
            user_id=newcomer.id, kind=AppraisalKind.OBSERVED_VISIT,
            held_on=today - timedelta(days=12), held_by="Demo coordinator",
            outcome=AppraisalOutcome.SATISFACTORY, recorded_by_id=coordinator.id,
            notes="Introduced themselves well; checked every cell call bell.",
        ))  # fmt: skip
    settled = [p for p in by_panel.get(panels[0], []) if p.probation_completed_on][:3]
    for person, (outcome, notes) in zip(settled, YEARLY_APPRAISALS, strict=False):
        appraisals.append(Appraisal(
            user_id=person.id, kind=AppraisalKind.APPRAISAL, held_on=today - timedelta(days=60),
            held_by="Demo coordinator", outcome=outcome, recorded_by_id=coordinator.id,
            notes=notes,
        ))  # fmt: skip
    db.session.add_all(appraisals)
