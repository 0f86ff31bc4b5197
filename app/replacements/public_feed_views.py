"""The private calendar feed: no login (calendar apps fetch it), the secret in the URL."""
from flask import Response, abort

from app.replacements import feed
from app.replacements.blueprint import bp
from app.security import no_store


@bp.route("/agenda/<token>.ics")
@no_store
def feed_ics(token):
    profile = feed.profile_of(token)
    if profile is None:  # unknown, or renewed since: the old address is dead
        abort(404)
    return Response(feed.calendar_of(profile), mimetype="text/calendar",
                    headers={"Content-Disposition": "inline; filename=mes-missions.ics"})
