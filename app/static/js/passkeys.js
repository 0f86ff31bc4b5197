// Passkeys (WebAuthn): a form with data-passkey="create" or "get" carries its
// options (JSON, from py_webauthn) in data-options. On submit, ask the browser
// for the credential, put its JSON in the hidden "credential" field, and send
// the form as usual. No inline script: the CSP allows only this file.
(function () {
  "use strict";

  function toBytes(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) { base64 += "="; }
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes.buffer;
  }

  function toText(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) { binary += String.fromCharCode(bytes[i]); }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    return (list || []).map(function (item) {
      return { type: item.type, id: toBytes(item.id), transports: item.transports };
    });
  }

  function creationOptions(options) {
    options.challenge = toBytes(options.challenge);
    options.user.id = toBytes(options.user.id);
    options.excludeCredentials = descriptors(options.excludeCredentials);
    return { publicKey: options };
  }

  function requestOptions(options) {
    options.challenge = toBytes(options.challenge);
    options.allowCredentials = descriptors(options.allowCredentials);
    return { publicKey: options };
  }

  function serialise(credential) {
    var response = credential.response;
    var data = { id: credential.id, rawId: toText(credential.rawId), type: credential.type,
                 clientExtensionResults: credential.getClientExtensionResults(),
                 response: { clientDataJSON: toText(response.clientDataJSON) } };
    if (response.attestationObject) {
      data.response.attestationObject = toText(response.attestationObject);
      data.response.transports = response.getTransports ? response.getTransports() : [];
    } else {
      data.response.authenticatorData = toText(response.authenticatorData);
      data.response.signature = toText(response.signature);
      if (response.userHandle) { data.response.userHandle = toText(response.userHandle); }
    }
    return JSON.stringify(data);
  }

  function showError(form, message) {
    var box = form.querySelector("[data-passkey-error]");
    box.textContent = message;
    box.hidden = false;
  }

  function attach(form) {
    form.addEventListener("submit", function (event) {
      if (form.elements.credential.value) { return; }
      event.preventDefault();
      if (!window.PublicKeyCredential) {
        showError(form, form.dataset.unsupported);
        return;
      }
      var options = JSON.parse(form.dataset.options);
      var asked = form.dataset.passkey === "create"
        ? navigator.credentials.create(creationOptions(options))
        : navigator.credentials.get(requestOptions(options));
      asked.then(function (credential) {
        form.elements.credential.value = serialise(credential);
        form.submit();
      }, function () {
        showError(form, form.dataset.cancelled);
      });
    });
  }

  document.querySelectorAll("form[data-passkey]").forEach(attach);
})();
