// A wide screen has room for a list's filters: show them unfolded. A phone keeps
// them behind their "Filtrer" button (unless the page opened them: a filter is set).
(function () {
  if (!window.matchMedia("(min-width: 48rem)").matches) return;
  document.querySelectorAll("details.filters-fold").forEach(function (fold) { fold.open = true; });
})();
