"""The push pages in the permission matrix."""
from tests.matrix import everyone, logged_in

ROUTES = {
    "push.devices": ("GET", "/push/devices", logged_in(200)),
    # JSON endpoints: a visitor gets 401 in JSON; an empty body is a French 400.
    "push.subscribe": ("POST", "/push/subscriptions", logged_in(400, anonymous=401)),
    "push.unsubscribe": ("POST", "/push/unsubscribe", logged_in(400, anonymous=401)),
    # Someone else's device (its owner's own removal: tests/push/test_subscribe.py).
    "push.remove": ("GET", "/push/devices/{device}/remove", logged_in(404)),
    "push_app.manifest": ("GET", "/manifest.webmanifest", everyone(200)),
    "push_app.service_worker": ("GET", "/sw.js", everyone(200)),
    "push_app.offline": ("GET", "/offline", everyone(200)),
}


def objects(people):
    from app.extensions import db
    from app.push.models import PushSubscription
    from tests import factories
    from tests.push.pushservice import Browser
    owner = factories.user("candidate")
    keys = Browser("https://fcm.googleapis.com/fcm/send/x").subscription()["keys"]
    device = PushSubscription(user_id=owner.id, endpoint="https://fcm.googleapis.com/fcm/send/x",
                              p256dh=keys["p256dh"], auth=keys["auth"])
    db.session.add(device)
    db.session.commit()
    return {"device": device.id}
