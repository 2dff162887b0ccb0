"""TurboGears' own trivial route: a constant JSON response (expose("json")) by object dispatch."""

from tg import MinimalApplicationConfigurator, TGController, expose


class RootController(TGController):
    @expose("json")
    def index(self) -> dict[str, str]:
        return {"message": "Hello, World!"}


config = MinimalApplicationConfigurator()
config.update_blueprint(
    {"root_controller": RootController(), "renderers": ["json"], "default_renderer": "json"}
)
app = config.make_wsgi_app()
