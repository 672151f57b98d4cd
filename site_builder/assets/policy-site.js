/* Policy sites: say why there is no search when the site is opened as files on a computer
   (file://). Browsers do not let a page start the search worker there, so Material hides
   the search box without a word. Nothing here reads or shows anything from a config. */
(function () {
  if (location.protocol !== "file:") { return; }
  var header = document.querySelector(".md-header__inner");
  if (!header) { return; }
  var note = document.createElement("p");
  note.className = "policy-site-file-note";
  note.textContent = document.documentElement.lang === "cy"
    ? "Mae chwilio’n gweithio pan fydd y wefan ar weinydd gwe (i roi cynnig arni ar y " +
      "cyfrifiadur hwn: python -m http.server --directory <ffolder y wefan>)."
    : "Search works once the site is on a web server (to try it on this " +
      "computer: python -m http.server --directory <the site's folder>).";
  header.appendChild(note);
}());
