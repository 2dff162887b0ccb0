% rebase("base.tpl", title="Home")
<h1>Quotes</h1>
% if featured:
<section id="featured" aria-labelledby="featured-heading">
  <h2 id="featured-heading">Featured</h2>
  % include("quote.tpl", quote=featured)
</section>
% end
<section id="latest" aria-labelledby="latest-heading">
  <h2 id="latest-heading">Latest</h2>
  % for quote in latest:
  % include("quote.tpl", quote=quote)
  % end
  % if not latest:
  <p>No quotes yet.</p>
  % end
</section>
