"""Masonite's own trivial route: a constant JSON response from a controller, in an app with no
config folder (Masonite's response handler finds the app as `wsgi.application`)."""

import sys

from masonite.configuration import Configuration
from masonite.controllers import Controller
from masonite.foundation import Application, Kernel, response_handler
from masonite.providers import FrameworkProvider, RouteProvider
from masonite.response import Response
from masonite.routes import Route


class TrivialKernel:
    def __init__(self, application: Application) -> None:
        self.application = application

    def register(self) -> None:
        self.application.bind("config", Configuration(self.application))
        self.application.bind("controllers.location", "")
        self.application.set_response_handler(response_handler)
        self.application.make("router").add(Route.get("/", TrivialController.trivial))


class TrivialController(Controller):
    def trivial(self, response: Response) -> Response:
        return response.json({"message": "Hello, World!"})


sys.modules.setdefault("wsgi", sys.modules[__name__])
application = app = Application(".")
app.register_providers(Kernel, TrivialKernel)
app.add_providers(FrameworkProvider, RouteProvider)
