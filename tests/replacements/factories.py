"""Rows of the replacement pool for tests: each part adds its own helpers in its own block."""


# r-pro:
def pool_profile(user_obj, status="approved", home="61169", occupations=("J1501",),
                 diplomas=(), employers=(), commit=True, **fields):
    """A pool profile of `user_obj` living in `home` (INSEE), checked unless `status` says."""
    from app import communes
    from app.extensions import db
    from app.replacements.models import (ProfileDiploma, ProfileEmployer, ProfileOccupation,
                                         ReplacementProfile)
    from app.timeutil import utcnow
    commune = communes.find(home)
    checked = status in ("approved", "paused")
    values = dict(user_id=user_obj.id, status=status, home_insee=commune.insee,
                  home_commune=commune.name, latitude=commune.latitude,
                  longitude=commune.longitude, consent_at=utcnow(), consent_version="2026-12",
                  checked_at=utcnow() if checked else None,
                  checked_by_id=user_obj.id if checked else None)
    values.update(fields)
    profile = ReplacementProfile(**values)
    profile.occupations = [ProfileOccupation(occupation=code) for code in occupations]
    profile.diplomas = [ProfileDiploma(diploma=code) for code in diplomas]
    profile.employers = [ProfileEmployer(establishment_id=e.id) for e in employers]
    db.session.add(profile)
    if commit:
        db.session.commit()
    return profile
