"""CherryPy's own trivial route: a constant JSON response, mounted as a WSGI app."""

import cherrypy


class Root:
    @cherrypy.expose
    @cherrypy.tools.json_out()
    def index(self) -> dict[str, str]:
        return {"message": "Hello, World!"}


cherrypy.config.update({"environment": "embedded", "engine.autoreload.on": False})
app = cherrypy.tree.mount(Root(), "/")
