"""Falcon's own trivial route: a constant JSON response."""

import falcon


class Trivial:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {"message": "Hello, World!"}


app = falcon.App()
app.add_route("/", Trivial())
