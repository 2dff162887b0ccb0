<blockquote class="quote" data-id="{{quote["id"]}}"><p>{{quote["text"]}}</p><footer><cite>{{quote["author"]}}</cite></footer></blockquote>
