"""The failed messages and tasks page (staff) in the permission matrix."""
from tests.matrix import staff_only

ROUTES = {
    "notifications.failed": ("GET", "/notifications/failed", staff_only(200)),
    "notifications.retry": ("POST", "/notifications/failed/{message}/retry", staff_only(302)),
}


def objects(people):
    from app.extensions import db
    from app.notifications.models import SentMessage
    message = SentMessage(recipient=people["candidate"].email, template="password_reset",
                          subject="Réinitialisation", status="failed", error="SMTP refusé",
                          body="Bonjour", attempts=8)
    db.session.add(message)
    db.session.commit()
    return {"message": message.id}
