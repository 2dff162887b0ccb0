from controllers.ApiController import ApiController
from controllers.AuthController import AuthController
from controllers.PagesController import PagesController
from masonite.routes import Route

# Masonite's own "int" compiler is \d+, which takes other scripts' digits too.
Route.compile("ascii_id", r"([0-9]+)")

ROUTES = [
    Route.get("/", PagesController.index),
    Route.get("/static/@filename", PagesController.static),
    Route.get("/login", AuthController.show),
    Route.post("/login", AuthController.login),
    Route.post("/logout", AuthController.logout),
    Route.get("/healthz", ApiController.healthz),
    Route.get("/api/quotes", ApiController.index),
    Route.post("/api/quotes", ApiController.store),
    Route.get("/api/quotes/random", ApiController.random),  # before @quote_number
    # Any id but ASCII digits matches no route, so it is a 404.
    Route.get("/api/quotes/@quote_number:ascii_id", ApiController.show),
    Route.delete("/api/quotes/@quote_number:ascii_id", ApiController.destroy),
]
