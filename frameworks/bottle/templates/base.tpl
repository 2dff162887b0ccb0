<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{{title}} · Quotes</title>
  <link rel="stylesheet" href="/static/style.css">
  <link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
</head>
<body>
  <header class="site-header">
    <a class="brand" href="/">Quotes</a>
    <nav aria-label="Account">
      % if current_user:
      <span id="current-user">{{current_user}}</span>
      <form id="logout-form" method="post" action="/logout">
        <input type="hidden" name="csrf_token" value="{{csrf_token()}}">
        <button type="submit">Sign out</button>
      </form>
      % else:
      <a id="login-link" href="/login">Sign in</a>
      % end
    </nav>
  </header>
  <main>
    {{!base}}
  </main>
  <footer class="site-footer">Built with Bottle for Python Web Rosetta.</footer>
</body>
</html>
