"""Subscribing a browser, leaving, and the list of devices: every bad input gets a French 400."""
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from cryptography.hazmat.primitives import serialization
from sqlalchemy import func, select

from app.extensions import db
from app.push import keys
from app.push.keys import b64url
from app.push.models import PushSubscription
from tests import factories
from tests.conftest import csrf_token, make_app
from tests.push.pushservice import Browser

FCM = "https://fcm.googleapis.com/fcm/send/dXNlcg:APA91b"


def count():
    return db.session.scalar(select(func.count(PushSubscription.id)))


def with_keys(browser, **keys):
    data = browser.subscription()
    data["keys"].update(keys)
    return data


def test_a_browser_subscribes_once_and_again_without_a_second_row(client, auth, candidate, browser):
    auth.login(candidate)
    assert client.post("/push/subscriptions", json=browser.subscription()).status_code == 201
    again = client.post("/push/subscriptions", json=browser.subscription())
    assert again.status_code == 200 and again.json["message"] == "Cet appareil recevra vos alertes."
    assert count() == 1


def test_a_browser_another_account_subscribes_alerts_that_account(client, auth, candidate,
                                                                  member_a, browser):
    auth.login(candidate)
    client.post("/push/subscriptions", json=browser.subscription())
    auth.logout()
    auth.login(member_a)
    client.post("/push/subscriptions", json=browser.subscription())
    assert [row.user_id for row in db.session.scalars(select(PushSubscription))] == [member_a.id]


def test_padded_keys_are_kept_unpadded(client, auth, candidate, browser):
    auth.login(candidate)
    padded = with_keys(browser, auth=b64url(browser.auth_secret) + "==")
    assert client.post("/push/subscriptions", json=padded).status_code == 201
    assert db.session.scalar(select(PushSubscription.auth)) == b64url(browser.auth_secret)


def _compressed(browser):
    """The browser's public key as a valid point, but compressed (33 bytes): pywebpush needs 65."""
    return b64url(browser.private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint))


def _bad(browser):
    good = browser.subscription()
    p256dh, auth = good["keys"]["p256dh"], good["keys"]["auth"]
    return {
        "not an object": ([good],
                          "L'abonnement envoyé est illisible : rechargez la page et réessayez."),
        "no endpoint": ({"keys": good["keys"]},
                        "L'adresse du service de notification est manquante ou invalide."),
        "endpoint not text": ({**good, "endpoint": 12},
                              "L'adresse du service de notification est manquante ou invalide."),
        "endpoint too long": ({**good, "endpoint": FCM + "a" * 1000},
                              "L'adresse du service de notification est manquante ou invalide."),
        "endpoint with a line break": ({**good, "endpoint": FCM + "\n"},
                                       "L'adresse du service de notification est manquante ou invalide."),
        "endpoint with a password": ({**good, "endpoint": "https://u:p@fcm.googleapis.com/x"},
                                     "L'adresse du service de notification est manquante ou invalide."),
        "endpoint with a bad port": ({**good, "endpoint": "https://fcm.googleapis.com:99999/x"},
                                     "L'adresse du service de notification est manquante ou invalide."),
        "unknown push service": ({**good, "endpoint": "https://intranet.example/admin"},
                                 "Ce service de notification n'est pas reconnu : utilisez Chrome, Edge, Firefox ou Safari."),
        "lookalike host": ({**good, "endpoint": "https://evilfcm.googleapis.com.example/x"},
                           "Ce service de notification n'est pas reconnu : utilisez Chrome, Edge, Firefox ou Safari."),
        "no keys": ({"endpoint": FCM}, "Les clés de chiffrement de l'abonnement sont manquantes."),
        "short p256dh": ({**good, "keys": {"p256dh": p256dh[:-4], "auth": auth}},
                         "La clé publique de l'abonnement (p256dh) est invalide : 65 octets attendus, en base64url."),
        "p256dh compressed": ({**good, "keys": {"p256dh": _compressed(browser), "auth": auth}},
                              "La clé publique de l'abonnement (p256dh) est invalide : 65 octets attendus, en base64url."),
        "p256dh off the curve": ({**good, "keys": {"p256dh": b64url(b"\x04" + b"\x01" * 64), "auth": auth}},
                                 "La clé publique de l'abonnement (p256dh) est invalide : 65 octets attendus, en base64url."),
        "p256dh not base64url": ({**good, "keys": {"p256dh": "%" * 87, "auth": auth}},
                                 "La clé publique de l'abonnement (p256dh) est invalide : 65 octets attendus, en base64url."),
        "auth of 15 bytes": ({**good, "keys": {"p256dh": p256dh, "auth": b64url(b"x" * 15)}},
                             "Le secret d'authentification de l'abonnement (auth) est invalide : 16 octets attendus, en base64url."),
        "auth missing": ({**good, "keys": {"p256dh": p256dh}},
                         "Le secret d'authentification de l'abonnement (auth) est invalide : 16 octets attendus, en base64url."),
    }


BAD = sorted(_bad(Browser(FCM)))


@pytest.mark.parametrize("case", BAD)
def test_bad_subscriptions_get_a_french_400(client, auth, candidate, case):
    data, message = _bad(Browser(FCM))[case]
    auth.login(candidate)
    response = client.post("/push/subscriptions", json=data)
    assert response.status_code == 400 and response.json == {"error": message}
    assert count() == 0


@pytest.mark.parametrize("body", [b"{not json", b"", b"\xff\xfe", b"null"])
def test_a_body_that_is_not_json_gets_a_french_400(client, auth, candidate, body):
    auth.login(candidate)
    response = client.post("/push/subscriptions", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json["error"] == "L'abonnement envoyé est illisible : rechargez la page et réessayez."


def test_a_real_push_service_over_https_is_accepted(client, auth, candidate):
    auth.login(candidate)
    assert client.post("/push/subscriptions", json=Browser(FCM).subscription()).status_code == 201


def test_in_production_a_plain_http_endpoint_is_refused(app, client, auth, candidate, browser):
    app.config["PUSH_ALLOW_LOOPBACK"] = False
    auth.login(candidate)
    response = client.post("/push/subscriptions", json=browser.subscription())
    assert response.status_code == 400
    assert response.json["error"] == "L'adresse du service de notification doit commencer par https://."
    assert count() == 0


def test_a_visitor_gets_a_401_in_json(client, browser):
    response = client.post("/push/subscriptions", json=browser.subscription())
    assert response.status_code == 401
    assert response.json["error"] == "Connectez-vous pour recevoir les alertes sur cet appareil."
    assert client.post("/push/unsubscribe", json={"endpoint": FCM}).status_code == 401


def test_the_subscription_needs_the_page_csrf_token(database_url, tmp_path, candidate, browser):
    app = make_app(database_url, tmp_path / "csrf", WTF_CSRF_ENABLED=True, PUSH_ALLOW_LOOPBACK=True)
    client = app.test_client()
    page = client.get("/auth/login")
    client.post("/auth/login", data={"email": candidate.email, "password": factories.PASSWORD,
                                     "csrf_token": csrf_token(page.text)})
    assert client.post("/push/subscriptions", json=browser.subscription()).status_code == 400
    token = csrf_token(client.get("/push/devices").text)
    response = client.post("/push/subscriptions", json=browser.subscription(),
                           headers={"X-CSRFToken": token})
    assert response.status_code == 201


def test_the_browser_leaves_by_its_endpoint(client, auth, candidate, member_a, browser):
    auth.login(candidate)
    client.post("/push/subscriptions", json=browser.subscription())
    auth.logout()
    auth.login(member_a)
    theirs = client.post("/push/unsubscribe", json={"endpoint": browser.endpoint})
    assert theirs.status_code == 404 and count() == 1
    assert client.post("/push/unsubscribe", json=[1]).status_code == 400
    auth.logout()
    auth.login(candidate)
    response = client.post("/push/unsubscribe", json={"endpoint": browser.endpoint})
    assert response.status_code == 200 and count() == 0


def test_the_device_list_shows_the_button_and_the_devices(client, auth, candidate, browser, app):
    auth.login(candidate)
    empty = client.get("/push/devices")
    assert "Recevoir les alertes sur ce téléphone" in empty.text
    assert f'data-key="{keys.public_key(app)}"' in empty.text
    assert "Aucun appareil ne reçoit vos alertes" in empty.text
    client.post("/push/subscriptions", json=browser.subscription(),
                headers={"User-Agent": "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko Firefox/133.0"})
    assert "Firefox · Android" in client.get("/push/devices").text


def test_a_device_is_removed_after_a_confirmation(client, auth, candidate, browser):
    auth.login(candidate)
    client.post("/push/subscriptions", json=browser.subscription())
    device = db.session.scalar(select(PushSubscription))
    confirm = client.get(f"/push/devices/{device.id}/remove")
    assert confirm.status_code == 200 and "ne recevra plus vos alertes" in confirm.text
    assert count() == 1
    response = client.post(f"/push/devices/{device.id}/remove")
    assert response.status_code == 302 and count() == 0
    assert "Cet appareil ne recevra plus vos alertes." in client.get("/push/devices").text


def test_another_users_device_cannot_be_removed(client, auth, candidate, member_a, browser):
    auth.login(candidate)
    client.post("/push/subscriptions", json=browser.subscription())
    device = db.session.scalar(select(PushSubscription))
    auth.logout()
    auth.login(member_a)
    assert client.get(f"/push/devices/{device.id}/remove").status_code == 404
    assert client.post(f"/push/devices/{device.id}/remove").status_code == 404
    assert count() == 1


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
                    | st.text(max_size=30) | st.sampled_from([FCM, "\x00", "http://127.0.0.1:1/x"]),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.sampled_from(["endpoint", "keys", "p256dh", "auth", "x"]),
                                      inner, max_size=4), max_leaves=10)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=JSON)
def test_any_json_gets_a_french_400_never_a_500(client, auth, candidate, data):
    auth.login(candidate)
    response = client.post("/push/subscriptions", json=data)
    assert response.status_code == 400 and response.json["error"]
    left = client.post("/push/unsubscribe", json=data)
    assert left.status_code in (400, 404) and left.json["error"]


@pytest.mark.parametrize("endpoint", ["\x00", "https://fcm.googleapis.com/a\x00b", "x" * 3000])
def test_unsubscribing_an_unreadable_endpoint_is_a_french_400(client, auth, candidate, endpoint):
    auth.login(candidate)
    left = client.post("/push/unsubscribe", json={"endpoint": endpoint})
    assert left.status_code == 400 and "invalide" in left.json["error"]
