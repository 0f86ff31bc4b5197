// A wide screen has room for what a phone folds (a list's filters, the site menu):
// open every details.open-wide there. A phone keeps them behind their button
// ("Filtrer", "Menu") unless the page opened them (a filter is set).
(function () {
  if (!window.matchMedia("(min-width: 48rem)").matches) return;
  document.querySelectorAll("details.open-wide").forEach(function (fold) { fold.open = true; });
})();
