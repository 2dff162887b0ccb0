"""The spec's own files and the implementation's folder: checks that need no server."""

from __future__ import annotations

import ast
import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

from tools.regions import RegionError, named_regions, regions_in, spec_region_names
from tools.sync import FOLDER, NOTE, REQUIRED, WSGI_ONLY

from openapi_check import schema_errors
from servers import SHARED, SPEC_IDS, Manifest
from support import DEMO_PASSWORD

TESTS = Path(__file__).parent


@pytest.mark.suite
def test_every_requirement_has_a_test() -> None:
    """Every numbered requirement in SPEC.md is named by at least one test."""
    named = set()
    for path in TESTS.rglob("test_*.py"):  # tests/browser and tests/fuzz too
        for args in re.findall(r"req\(([^)]*)\)", path.read_text(encoding="utf-8")):
            named.update(re.findall(r'"([A-Z]+-\d+)"', args))
    assert SPEC_IDS, "SPEC.md lists no requirements"
    assert sorted(set(SPEC_IDS) - named) == []
    assert sorted(named - set(SPEC_IDS)) == []


@pytest.mark.req("API-18")
def test_openapi_document_is_valid() -> None:
    """shared_spec/openapi.yaml is a valid OpenAPI 3.1 document."""
    spec, _ = read_from_filename(str(SHARED / "openapi.yaml"))
    assert spec["openapi"].startswith("3.1")
    validate(spec)


@pytest.mark.req("API-18")
def test_openapi_check_can_fail() -> None:
    """The live-response check rejects bodies that break the document: passing means a thing."""
    quote = "/components/schemas/Quote"
    assert schema_errors({"id": 1, "text": "a", "author": "b"}, quote) == []
    assert schema_errors({"id": "1", "text": "a", "author": "b"}, quote)
    assert schema_errors({"id": 1, "text": "a"}, quote)
    assert schema_errors({"id": 1, "text": "a", "author": "b", "x": 1}, quote)


@pytest.mark.req("DATA-1", "DATA-2", "PAGE-5")
def test_seed_quotes_are_well_formed() -> None:
    """quotes.json holds 40-60 valid quotes with ids 1..N, some of them non-ASCII."""
    quotes = json.loads((SHARED / "quotes.json").read_text(encoding="utf-8"))
    assert 40 <= len(quotes) <= 60
    assert [q["id"] for q in quotes] == list(range(1, len(quotes) + 1))
    for quote in quotes:
        assert set(quote) == {"id", "text", "author"}
        assert 1 <= len(quote["text"]) <= 500 and quote["text"] == quote["text"].strip()
        assert 1 <= len(quote["author"]) <= 100 and quote["author"] == quote["author"].strip()
    assert sum(not (q["text"] + q["author"]).isascii() for q in quotes) >= 2


@pytest.mark.req("AUTH-13")
def test_demo_password_is_only_a_hash() -> None:
    """users.json stores the demo password as a Django-format PBKDF2-SHA256 hash that verifies."""
    (user,) = json.loads((SHARED / "users.json").read_text(encoding="utf-8"))
    assert set(user) == {"username", "password_hash"} and user["username"] == "demo"
    algorithm, iterations, salt, digest = user["password_hash"].split("$")
    assert (algorithm, iterations) == ("pbkdf2_sha256", "600000") and len(salt) >= 16
    expected = hashlib.pbkdf2_hmac("sha256", DEMO_PASSWORD.encode(), salt.encode(), 600000)
    assert base64.b64decode(digest) == expected


def implementation_files(folder: Path) -> list[Path]:
    skip = {".venv", "__pycache__", ".pytest_cache", ".ruff_cache"}
    return [
        p
        for p in folder.rglob("*")
        if p.is_file()
        and not skip & set(p.relative_to(folder).parts)
        and not p.name.endswith((".db", "-wal", "-shm", ".log"))
    ]


@pytest.mark.req("AUTH-13")
def test_no_plaintext_password_in_implementation(manifest: Manifest) -> None:
    """No file of the implementation holds the demo password in plain text."""
    for path in implementation_files(manifest.folder):
        assert DEMO_PASSWORD.encode() not in path.read_bytes().lower(), path


HARD_CODED_KEY = re.compile(
    r"""(secret_key|cookie_secret)["']?\s*[=:]\s*[rbf]?["']"""  # KEY = "...", key="..."
    r"""|SECRET_KEY["']\s*,\s*[rbf]?["']""",  # os.environ.get("SECRET_KEY", "...")
    re.IGNORECASE,
)


@pytest.mark.req("AUTH-12")
def test_no_hard_coded_secret_key(manifest: Manifest) -> None:
    """No file of the implementation gives a secret key a constant value, not even as a default."""
    for path in implementation_files(manifest.folder):
        if path.suffix in (".py", ".toml", ".cfg", ".ini", ".env"):
            found = HARD_CODED_KEY.search(path.read_text(encoding="utf-8"))
            assert not found, f"{path.name}: {found.group(0) if found else ''}"


@pytest.mark.smoke
@pytest.mark.req("RUN-1")
def test_manifest_is_complete(manifest: Manifest) -> None:
    """The manifest names the folder, a known interface, a serve command with every placeholder."""
    assert manifest.name == manifest.folder.name
    assert manifest.title.strip() and manifest.app.strip() and manifest.dev.strip()
    assert manifest.interface in {"wsgi", "asgi", "tornado", "aiohttp"}
    for placeholder in ("{host}", "{port}", "{workers}"):
        assert placeholder in manifest.serve
    assert isinstance(manifest.known_gaps, dict)
    assert set(manifest.about) == {"server", "templates", "sessions", "csrf"}
    assert all(isinstance(v, str) and v.strip() for v in manifest.about.values())
    assert set(manifest.known_gaps) <= set(SPEC_IDS), "known_gaps names requirements SPEC.md lacks"


@pytest.mark.req("RUN-4")
def test_folder_is_self_contained(manifest: Manifest) -> None:
    """README, requirements.in and fully pinned requirements.txt are there."""
    folder = manifest.folder
    assert (folder / "README.md").read_text(encoding="utf-8").strip()
    assert (folder / "requirements.in").read_text(encoding="utf-8").strip()
    pins = [
        line.split("#")[0].strip()
        for line in (folder / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if line.split("#")[0].strip() and not line.strip().startswith("-")
    ]
    assert pins, "requirements.txt pins nothing"
    for pin in pins:
        assert re.fullmatch(
            r"[A-Za-z0-9._-]+(\[[A-Za-z0-9,._-]+\])?==[A-Za-z0-9.+!-]+( *;.*)?", pin
        ), pin


def shared_copies(manifest: Manifest) -> list[str]:
    return [
        p.relative_to(manifest.folder / FOLDER).as_posix()
        for p in (manifest.folder / FOLDER).rglob("*")
        if p.is_file() and p.name != "README.md" and "__pycache__" not in p.parts
    ]


@pytest.mark.smoke
@pytest.mark.req("RUN-4")
def test_shared_copies_are_identical(manifest: Manifest) -> None:
    """shared/ holds the files every folder needs and copies of shared_spec/ files only, each
    byte-identical to its original, and a README that says where they come from."""
    held = shared_copies(manifest)
    assert set(REQUIRED) <= set(held), f"shared/ lacks {sorted(set(REQUIRED) - set(held))}"
    for name in held:
        original, local = SHARED / name, manifest.folder / FOLDER / name
        assert original.is_file(), f"{local} is not a copy of a shared_spec/ file"
        assert local.read_bytes() == original.read_bytes(), f"{local} differs: run nox -s sync"
    note = manifest.folder / FOLDER / "README.md"
    assert note.read_text(encoding="utf-8") == NOTE


@pytest.mark.req("RUN-4")
def test_shared_copies_are_the_ones_it_uses(manifest: Manifest) -> None:
    """The WSGI body reader goes to WSGI folders only; every shared module a copy imports is
    there; and no own file is a stray copy of a shared one outside shared/."""
    held = set(shared_copies(manifest))
    if manifest.interface != "wsgi":
        assert not held & set(WSGI_ONLY), f"{manifest.interface} folders need no {WSGI_ONLY}"
    for name in (n for n in held if n.endswith(".py")):
        tree = ast.parse((manifest.folder / FOLDER / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                assert f"{node.module}.py" in held, f"shared/{name} imports {node.module}"
    own = {p.name for p in implementation_files(manifest.folder) if FOLDER not in p.parts}
    for original in SHARED.glob("*.py"):
        assert original.name not in own, f"{original.name} belongs in {FOLDER}/"


def local_imports(folder: Path) -> dict[str, set[str]]:
    """module -> the folder's own modules it imports, read with ast (never imported): every
    import statement counts, also one inside a function."""
    files = [p for p in implementation_files(folder) if p.suffix == ".py" and FOLDER not in p.parts]
    modules = {".".join(p.relative_to(folder).with_suffix("").parts): p for p in files}
    modules = {name.removesuffix(".__init__"): path for name, path in modules.items()}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name.rsplit(".", 1)[0] if "." in name else ""
        if path.name == "__init__.py":
            package = name
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([p for p in parent if p] + ([base] if base else []))
                imported.add(base)
                imported |= {f"{base}.{alias.name}" for alias in node.names}
        graph[name] = {m for m in imported if m in modules and m != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of the graph, as a list of modules, or [] when there is none."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = "open"
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        state[node] = "done"
        path.pop()
        return []

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return []


@pytest.mark.req("RUN-8")
def test_no_import_cycles(manifest: Manifest) -> None:
    """The folder's modules import each other without a cycle (read from source, not run)."""
    graph = local_imports(manifest.folder)
    assert len(graph) >= 2, "no Python modules found"
    assert find_cycle(graph) == []


@pytest.mark.suite
def test_import_cycle_check_can_fail(tmp_path: Path) -> None:
    """The cycle check finds a cycle through a function-level import, and a relative one."""
    (tmp_path / "app.py").write_text("def create_app():\n    import api\n", encoding="utf-8")
    (tmp_path / "api.py").write_text("from app import get_store\n", encoding="utf-8")
    assert find_cycle(local_imports(tmp_path)) == ["api", "app", "api"]
    (tmp_path / "api.py").write_text("from errors import problem\n", encoding="utf-8")
    (tmp_path / "errors.py").write_text("import json\n", encoding="utf-8")
    assert find_cycle(local_imports(tmp_path)) == []
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "pkg" / "views.py").write_text("from .urls import x\n", encoding="utf-8")
    (tmp_path / "pkg" / "urls.py").write_text("from . import views\n", encoding="utf-8")
    assert find_cycle(local_imports(tmp_path)) == ["pkg.urls", "pkg.views", "pkg.urls"]


@pytest.mark.req("RUN-5")
def test_feature_regions_are_named(manifest: Manifest) -> None:
    """Every feature region of SPEC.md is named at least once in the manifest (inline markers
    add parts of bodies), and no other name is used."""
    names = spec_region_names((SHARED / "SPEC.md").read_text(encoding="utf-8"))
    assert len(names) >= 10, "SPEC.md's Feature regions table is missing"
    found = regions_in(manifest.folder)
    assert all(region.lines for region in found), "an empty region"
    assert sorted({r.name for r in found} - set(names)) == [], "names SPEC.md does not define"
    assert [n for n in names if n not in {r.name for r in found}] == [], "features not named"
    in_manifest = {r.name for r in named_regions(manifest.folder)}
    unlisted = [n for n in names if n not in in_manifest]
    assert unlisted == [], "name each feature in the manifest's [regions] at least once"


@pytest.mark.suite
def test_region_markers_must_pair(tmp_path: Path) -> None:
    """Unopened, unclosed, self-nested and misaligned markers are errors, so a typo cannot hide
    a feature."""
    (tmp_path / "manifest.toml").write_text("", encoding="utf-8")
    for text in (
        "# region: csrf\n# region: csrf\n# endregion\n# endregion\n",
        "# region: csrf\n# region: login\n# endregion\n",
        "x = 1\n# endregion\n",
        "{# region: csrf #}\n<input>\n",
        "class A:\n    # region: csrf\n    x = 1\n# endregion\n",
    ):
        (tmp_path / "app.py").write_text(text, encoding="utf-8")
        with pytest.raises(RegionError):
            regions_in(tmp_path)
    nested = "# region: login\nx = 1\n# region: csrf\ny = 2\n# endregion\n# endregion\n"
    (tmp_path / "app.py").write_text(nested, encoding="utf-8")
    assert [(r.name, r.first_line, r.lines) for r in regions_in(tmp_path)] == [
        ("login", 2, ("x = 1", "# region: csrf", "y = 2", "# endregion")),
        ("csrf", 4, ("y = 2",)),
    ]


@pytest.mark.suite
def test_manifest_regions_resolve(tmp_path: Path) -> None:
    """A manifest entry names a definition (decorators included), a file or a TOML key, and one
    that names nothing is an error."""
    source = "import x\n\n\n@route\nclass Quotes:\n    def on_get(self):\n        pass\n"
    (tmp_path / "api.py").write_text(source, encoding="utf-8")
    (tmp_path / "index.html").write_text("<p>\n</p>\n", encoding="utf-8")
    manifest = (
        'serve = "gunicorn"\n\n[regions]\n"api.py:Quotes" = "api-routes"\n'
        '"api.py:Quotes.on_get" = ["pages", "errors"]\n"index.html" = "templates"\n'
        '"manifest.toml:serve" = "production-server"\n'
    )
    (tmp_path / "manifest.toml").write_text(manifest, encoding="utf-8")
    assert [(r.name, str(r.path), r.first_line, len(r.lines)) for r in regions_in(tmp_path)] == [
        ("api-routes", "api.py", 4, 4),
        ("pages", "api.py", 6, 2),
        ("errors", "api.py", 6, 2),
        ("templates", "index.html", 1, 2),
        ("production-server", "manifest.toml", 1, 1),
    ]
    for broken in ('"api.py:Quotes.on_post"', '"api.py:Nothing"', '"gone.py"', '"manifest.toml:x"'):
        (tmp_path / "manifest.toml").write_text(f'[regions]\n{broken} = "pages"\n', "utf-8")
        with pytest.raises(RegionError):
            regions_in(tmp_path)
