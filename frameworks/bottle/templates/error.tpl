% rebase("base.tpl", title=title)
<h1>{{status}} {{title}}</h1>
<p>{{detail}}</p>
<p><a href="/">Back to the quotes</a></p>
