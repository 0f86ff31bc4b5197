// The print button of the attendance sheet (no inline script: the CSP forbids it).
document.getElementById("print-sheet").addEventListener("click", function () { window.print(); });
