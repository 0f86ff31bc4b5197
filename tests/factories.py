"""Valid objects with sensible defaults; override only what a test is about."""
import itertools

from app.auth.models import User
from app.auth.passwords import hash_password
from app.extensions import db
from app.members.models import Establishment
from app.seed import luhn_complete

PASSWORD = "correct horse battery staple"
_sequence = itertools.count(1)
_password_hash = None


def _hash():
    """argon2 is slow on purpose: hash the shared test password only once."""
    global _password_hash
    if _password_hash is None:
        _password_hash = hash_password(PASSWORD)
    return _password_hash


def establishment(commit=True, **fields):
    """An active establishment with a valid SIRET."""
    n = next(_sequence)
    values = dict(name=f"Établissement {n}", kind="ehpad",
                  siret=luhn_complete(f"{n:013d}"), address=f"{n} rue de la Paix",
                  postcode="14500", commune="Vire Normandie", status="active")
    values.update(fields)
    item = Establishment(**values)
    db.session.add(item)
    if commit:
        db.session.commit()
    return item


def user(role="candidate", commit=True, **fields):
    """A user of the given role whose password is PASSWORD."""
    n = next(_sequence)
    values = dict(email=f"{role}{n}@example.org", password_hash=_hash(),
                  first_name="Camille", last_name=f"Test{n}", role=role)
    values.update(fields)
    item = User(**values)
    db.session.add(item)
    if commit:
        db.session.commit()
    return item


def vacancy(establishment_obj=None, status="draft", co_employers=(), commit=True, **fields):
    """A vacancy of `establishment_obj` in `status`, valid for that state.

    `co_employers` makes it a shared position: (establishment, share %, confirmed)
    tuples, confirmed being True, False or the datetime it confirmed at; the
    publishing establishment keeps the rest of the FTE.
    """
    from datetime import timedelta

    from app.pool.models import Vacancy, VacancyEmployer
    from app.timeutil import local_today, utcnow
    establishment_obj = establishment_obj or establishment()
    today = local_today()
    values = dict(occupation="J1501", title="Aide-soignant(e) de jour", contract_type="cdi",
                  description="Accompagnement des résidents dans les actes de la vie "
                              "quotidienne.", fte=100, works_day=True,
                  start_date=today + timedelta(days=14), postcode="14500",
                  commune="Vire Normandie", status=status)
    if status in ("published", "filled", "expired"):
        values.update(published_at=utcnow(), expires_on=today + timedelta(days=60))
    if status == "rejected":
        values.update(rejection_reason="incomplete", rejection_comment="Précisez les horaires.")
    values.update(fields)
    item = Vacancy(establishment_id=establishment_obj.id, **values)
    lead_share = item.fte - sum(share for _, share, _ in co_employers)
    item.employers.append(VacancyEmployer(establishment_id=establishment_obj.id,
                                          fte_share=lead_share))
    for other, share, confirmed in co_employers:
        item.employers.append(VacancyEmployer(establishment_id=other.id, fte_share=share))
    db.session.add(item)
    db.session.flush()
    _confirm(item, co_employers)
    if commit:
        db.session.commit()
    return item


def training_session(organiser=None, created_by=None, commit=True, days_ahead=30,
                     **fields):
    """A published one-day session organised by `organiser` (None: the association)."""
    from datetime import timedelta
    from app.training.models import TrainingDate, TrainingSession
    from app.timeutil import utcnow
    n = next(_sequence)
    starts_at = (utcnow() + timedelta(days=days_ahead)).replace(
        hour=7, minute=30, second=0, microsecond=0)
    ends_at = starts_at + timedelta(hours=8)
    if created_by is None:
        created_by = (organiser.users[0] if organiser is not None and organiser.users
                      else user("staff", commit=False))
    values = dict(title=f"Formation {n}", theme="bientraitance", provider="IFSI de Vire",
                  description="Programme de la journée.", place="Salle du conseil",
                  commune="Vire Normandie", seats_total=12, seats_open=4,
                  registration_deadline=(starts_at - timedelta(days=3)).date(),
                  status="published", published_at=utcnow(), starts_at=starts_at,
                  ends_at=ends_at)
    values.update(fields)
    item = TrainingSession(organiser=organiser, created_by=created_by,
                           dates=[TrainingDate(starts_at=values["starts_at"],
                                               ends_at=values["ends_at"])], **values)
    db.session.add(item)
    if commit:
        db.session.commit()
    return item


def _confirm(item, co_employers):
    """Mark confirmed the lead's share (at its creation) and the co-employers' marked so."""
    confirmed = {item.establishment_id: item.created_at}
    confirmed.update({other.id: None if ok is True else ok
                      for other, _, ok in co_employers if ok})
    for row in item.employers:
        if row.establishment_id in confirmed:
            someone = row.establishment.users[0] if row.establishment.users else None
            if someone is None:
                someone = user("member", establishment=row.establishment)
            row.confirm(someone, confirmed[row.establishment_id])


def seat_booking(session, member, names=("Marie Durand",), status="confirmed", commit=True):
    """A booking of one seat per name, keeping the session's counter right."""
    from app.training.models import Attendee, SeatBooking
    item = SeatBooking(session=session, establishment_id=member.establishment_id,
                       booked_by=member, status=status, seats=len(names),
                       attendees=[Attendee(name=name, occupation="J1501") for name in names])
    db.session.add(item)
    if status == "confirmed":
        session.seats_taken += len(names)
    if commit:
        db.session.commit()
    return item


def pdf_bytes(text="Julie Lefèvre — aide-soignante diplômée (DEAS), 8 ans en EHPAD.", pages=1):
    """A real, small PDF made with fpdf2, whose text pypdf can read back."""
    from fpdf import FPDF
    document = FPDF()
    document.set_font("helvetica", size=12)
    for _ in range(pages):
        document.add_page()
        document.multi_cell(0, 8, text.encode("latin-1", "replace").decode("latin-1"))
    return bytes(document.output())


def cv_profile(owner=None, in_bank=True, with_file=True, commit=True, **fields):
    """A candidate profile of `owner` (a new candidate if None), in the bank by default."""
    from app.cv import files
    from app.cv.models import CONSENT_VERSION, CandidateProfile
    from app.timeutil import utcnow
    if owner is None and "contact_email" not in fields:
        owner = user("candidate")
    values = dict(headline="Aide-soignante de nuit, 8 ans en EHPAD", occupations=["J1501"],
                  diplomas=["DEAS"], years_experience=8, contracts=["cdi", "cdd"],
                  schedules=["night"], communes="Vire Normandie, Condé-en-Normandie")
    if in_bank:
        values.update(visibility="members", consent_at=utcnow(), consent_version=CONSENT_VERSION,
                      moderation="approved")
    if with_file:
        data = pdf_bytes()
        values.update(cv_file=files.store(data), cv_filename="cv.pdf", cv_size=len(data),
                      cv_text="aide-soignante", cv_uploaded_at=utcnow())
    values.update(fields)
    item = CandidateProfile(user_id=owner.id if owner else None, **values)
    db.session.add(item)
    if commit:
        db.session.commit()
    return item


def application(candidate, vacancy_obj, commit=True, **fields):
    """An application of `candidate` to `vacancy_obj`, received by default."""
    from app.cv.models import Application
    item = Application(candidate_id=candidate.id, vacancy_id=vacancy_obj.id,
                       message="Disponible dès le mois prochain.", **fields)
    db.session.add(item)
    if commit:
        db.session.commit()
    return item
