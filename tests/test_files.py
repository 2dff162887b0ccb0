"""The spec's own files and the implementation's folder: checks that need no server."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

from conftest import SPEC_IDS
from openapi_check import schema_errors
from regions import RegionError, regions_in, spec_region_names
from servers import SHARED, Manifest
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


@pytest.mark.req("RUN-1")
def test_manifest_is_complete(manifest: Manifest) -> None:
    """The manifest names the folder, a known interface, a serve command with every placeholder."""
    assert manifest.name == manifest.folder.name
    assert manifest.title.strip() and manifest.app.strip() and manifest.dev.strip()
    assert manifest.interface in {"wsgi", "asgi", "tornado"}
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


@pytest.mark.req("RUN-4")
@pytest.mark.parametrize(
    "copy",
    [
        "quotes.json",
        "users.json",
        "static/style.css",
        "static/favicon.svg",
        "checks.py",
        "store.py",
    ],
)
def test_shared_copies_are_identical(manifest: Manifest, copy: str) -> None:
    """The folder's copies of the shared files are byte-identical to shared_spec/."""
    original = SHARED / Path(copy).name
    local = manifest.folder / copy
    if copy == "store.py" and not local.exists():
        return  # an implementation with its own ORM (Django) keeps no copy of the shared store
    assert local.read_bytes() == original.read_bytes(), f"{local} differs from {original}"


SECTIONS = ["Configuration", "Security headers", "JSON API", "Login", "HTML pages", "Errors"]


@pytest.mark.req("RUN-4")
def test_app_module_has_the_sections_in_order(manifest: Manifest) -> None:
    """One module marks the same six sections, in the same order, as every sibling's."""
    banners = {
        path.name: re.findall(r"^# === (.+) ===$", path.read_text(encoding="utf-8"), re.M)
        for path in implementation_files(manifest.folder)
        if path.suffix == ".py"
    }
    marked = {name: found for name, found in banners.items() if found}
    assert list(marked.values()) == [SECTIONS], marked


@pytest.mark.req("RUN-5")
def test_feature_regions_are_marked(manifest: Manifest) -> None:
    """Every feature region of SPEC.md is marked at least once, and no other name is."""
    names = spec_region_names((SHARED / "SPEC.md").read_text(encoding="utf-8"))
    assert len(names) >= 10, "SPEC.md's Feature regions table is missing"
    found = regions_in(manifest.folder)
    assert all(region.lines for region in found), "an empty region"
    assert sorted({r.name for r in found} - set(names)) == [], "names SPEC.md does not define"
    assert [n for n in names if n not in {r.name for r in found}] == [], "features not marked"


@pytest.mark.suite
def test_region_markers_must_pair(tmp_path: Path) -> None:
    """Unopened, unclosed and self-nested regions are errors, so a typo cannot hide a feature."""
    for text in (
        "# region: csrf\n# region: csrf\n# endregion\n# endregion\n",
        "# region: csrf\n# region: login\n# endregion\n",
        "x = 1\n# endregion\n",
        "{# region: csrf #}\n<input>\n",
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
