// "Recevoir les alertes sur ce téléphone" (templates/push/devices.html): register the
// service worker, ask the browser to subscribe with the site's VAPID public key, and
// post the subscription (CSRF token in a header). Every refusal says why, in French.
(function () {
  "use strict";

  var box = document.querySelector("[data-push]");
  if (!box) { return; }
  var status = box.querySelector("[data-push-status]");
  var subscribeButton = box.querySelector("[data-push-subscribe]");
  var unsubscribeButton = box.querySelector("[data-push-unsubscribe]");

  function say(message) { status.textContent = message; }

  function toBytes(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) { base64 += "="; }
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes;
  }

  function post(url, data) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": box.dataset.csrf },
      body: JSON.stringify(data)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (!response.ok) { throw new Error(body.error || box.dataset.failed); }
        return body;
      });
    });
  }

  function supported() {
    return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  }

  function registration() {
    return navigator.serviceWorker.register("/sw.js").then(function () {
      return navigator.serviceWorker.ready;
    });
  }

  function subscribe() {
    if (!supported()) { say(box.dataset.unsupported); return; }
    subscribeButton.disabled = true;
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") { throw new Error(box.dataset.denied); }
      return registration();
    }).then(function (reg) {
      return reg.pushManager.subscribe({ userVisibleOnly: true,
                                         applicationServerKey: toBytes(box.dataset.key) })
        .catch(function () {
          throw new Error(Notification.permission === "denied" ? box.dataset.denied : box.dataset.failed);
        });
    }).then(function (subscription) {
      return post(box.dataset.subscribeUrl, subscription.toJSON());
    }).then(function () {
      say(box.dataset.done);
      window.setTimeout(function () { window.location.reload(); }, 1500);
    }).catch(function (error) {
      say(error && error.message ? error.message : box.dataset.failed);
    }).then(function () { subscribeButton.disabled = false; });
  }

  function unsubscribe() {
    registration().then(function (reg) { return reg.pushManager.getSubscription(); })
      .then(function (subscription) {
        if (!subscription) { return null; }
        var endpoint = subscription.endpoint;
        return subscription.unsubscribe().then(function () {
          return post(box.dataset.unsubscribeUrl, { endpoint: endpoint });
        });
      }).then(function () {
        say(box.dataset.left);
        window.setTimeout(function () { window.location.reload(); }, 1500);
      }).catch(function (error) {
        say(error && error.message ? error.message : box.dataset.failed);
      });
  }

  subscribeButton.addEventListener("click", subscribe);
  unsubscribeButton.addEventListener("click", unsubscribe);
  if (supported()) {
    // Already subscribed here: say so, and offer to stop.
    navigator.serviceWorker.getRegistration("/").then(function (reg) {
      return reg ? reg.pushManager.getSubscription() : null;
    }).then(function (subscription) {
      if (subscription) { say(box.dataset.already); unsubscribeButton.hidden = false; }
    }).catch(function () {});
  }
})();
