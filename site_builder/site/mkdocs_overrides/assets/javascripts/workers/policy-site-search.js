/* policy-site: Material's search worker, with accents folded for languages lunr has no
   stemmer for (Welsh). "dwr" then finds "dŵr" and "ty" finds "tŷ", and a word typed with
   its circumflex still finds it. The fold stands in for the stemmer, so it runs both on the
   indexed words and on the words typed; the site's search settings keep it in the pipeline
   and take the English trimmer and stop words out. Nothing here reads a page's content
   other than through lunr. */
(function () {
  var name = new URLSearchParams(self.location.search).get("material") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(name)) { return; }
  importScripts(name);
  function fold(token) {
    return token.update(function (text) {
      return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    });
  }
  self.lunr.Pipeline.registerFunction(fold, "policySiteFold");
  self.lunr.stemmer = fold;
}());
