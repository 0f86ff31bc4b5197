"""Push tests run their own push service on 127.0.0.1: the app must accept its http:// endpoint."""
import pytest

from tests.push.pushservice import Browser, PushService


@pytest.fixture(autouse=True)
def loopback_push_service(app):
    app.config.update(PUSH_ALLOW_LOOPBACK=True, PUSH_TIMEOUT=1)


@pytest.fixture
def push_service():
    with PushService() as service:
        yield service


@pytest.fixture
def browser(push_service):
    return Browser(push_service.endpoint("phone"))
