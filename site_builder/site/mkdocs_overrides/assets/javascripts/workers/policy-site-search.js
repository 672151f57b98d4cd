/* policy-site: Material's search worker, with accents folded for languages lunr has no
   stemmer for (Welsh). "dwr" then finds "dŵr" and "ty" finds "tŷ", and a word typed with
   its circumflex still finds it. The fold stands in for the stemmer on the indexed words
   (the site's search settings keep it in the pipeline and take the English trimmer and
   stop words out), and is applied to the whole query too, since lunr skips the pipeline
   for the prefix searches Material makes of every word typed. Nothing here reads a page's
   content other than through lunr. */
(function () {
  var name = new URLSearchParams(self.location.search).get("material") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(name)) { return; }
  importScripts(name);
  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function fold(token) {
    return token.update(plain);
  }
  var search = self.lunr.Index.prototype.search;
  self.lunr.Index.prototype.search = function (query) {
    return search.call(this, plain(query));
  };
  self.lunr.Pipeline.registerFunction(fold, "policySiteFold");
  self.lunr.stemmer = fold;
}());
