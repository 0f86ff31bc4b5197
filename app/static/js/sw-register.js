// Every page registers the service worker (app/static/sw.js, served at /sw.js): it
// keeps the offline page and shows push notifications. No inline script (CSP).
if ("serviceWorker" in navigator) {
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js").catch(function () {});
  });
}
