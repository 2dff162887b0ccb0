% rebase("base.tpl", title="Sign in")
<h1>Sign in</h1>
% if error:
<p class="error" role="alert">{{error}}</p>
% end
<form id="login-form" class="stacked" method="post" action="/login">
  % # region: csrf
  <input type="hidden" name="csrf_token" value="{{csrf_token()}}">
  % # endregion
  % if next:
  <input type="hidden" name="next" value="{{next}}">
  % end
  <label>Username
    <input name="username" type="text" value="{{username}}" autocomplete="username" required>
  </label>
  <label>Password
    <input name="password" type="password" autocomplete="current-password" required>
  </label>
  <button type="submit">Sign in</button>
</form>
