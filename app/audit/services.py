"""Recording audit events inside the caller's unit of work."""
from app.audit.models import AuditEvent
from app.extensions import db
from app.work import unit_of_work


def record(action, /, actor=None, obj=None, address=None, **details):
    """Add an audit event to the session; the caller's commit writes it."""
    event = AuditEvent(
        action=action,
        actor_id=actor.id if actor is not None else None,
        establishment_id=getattr(actor, "establishment_id", None),
        object_type=obj.__class__.__name__ if obj is not None else None,  # through proxies
        object_id=obj.id if obj is not None else None,
        address=address,
        details=details,
    )
    db.session.add(event)
    return event


def record_export(actor, action, /, **details):
    """Audit an export on its own: the export itself writes nothing else."""
    with unit_of_work():
        record(action, actor=actor, **details)
