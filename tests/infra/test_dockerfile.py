"""No Docker engine runs here: the Dockerfile's essentials are checked by reading it."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "infra" / "docker" / "Dockerfile"
SECRET_NAME = re.compile(r"(SECRET|PASSWORD|TOKEN|PRIVATE|ACCESS_KEY|_KEY\b|DSN)", re.IGNORECASE)
BUILD_TOOLS = re.compile(r"\b(build-essential|gcc|g\+\+|make|libpq-dev|python3-dev|apt-get install)\b")


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments), continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "") for line in lines]


def _stages() -> list[list[tuple[str, str]]]:
    stages: list[list[tuple[str, str]]] = []
    for instruction in _instructions():
        if instruction[0] == "FROM":
            stages.append([])
        if stages:
            stages[-1].append(instruction)
    return stages


def _args() -> dict[str, str]:
    """Global ARG defaults (before the first FROM)."""
    found = {}
    for name, rest in _instructions():
        if name == "FROM":
            break
        if name == "ARG" and "=" in rest:
            key, value = rest.split("=", 1)
            found[key] = value
    return found


def test_multi_stage_with_a_pinned_slim_base() -> None:
    stages = _stages()
    assert len(stages) >= 2
    for stage in stages:
        image = stage[0][1].split()[0]
        image = re.sub(r"\$\{(\w+)\}", lambda m: _args()[m.group(1)], image)
        # An exact version (major.minor.patch) and its digest: a tag alone can be re-pushed.
        assert re.fullmatch(r"[\w./-]+:\d+\.\d+\.\d+[\w.-]*@sha256:[0-9a-f]{64}", image), image
        assert "slim" in image


def test_the_final_stage_runs_as_a_non_root_user() -> None:
    final = _stages()[-1]
    users = [rest for name, rest in final if name == "USER"]
    assert users, "the final stage sets no USER"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    assert final[-1][0] in {"CMD", "ENTRYPOINT"} or any(n == "USER" for n, _ in final)


def test_no_build_tools_in_the_final_stage() -> None:
    final = _stages()[-1]
    for name, rest in final:
        if name == "RUN":
            assert not BUILD_TOOLS.search(rest), rest
    # What is copied from the build stage is the virtualenv and the code, not /usr.
    for name, rest in final:
        if name == "COPY" and "--from=" in rest:
            source = rest.split()[-2]
            assert source in {"/opt/venv", "/src"}, source


def test_no_secret_in_the_image() -> None:
    """ENV and ARG stay in the image's metadata: none may name a secret. Only the build stage
    may pass a throw-away key to one RUN (collectstatic)."""
    for stage_number, stage in enumerate(_stages()):
        for name, rest in stage:
            if name in {"ENV", "ARG"}:
                for key in re.findall(r"(\w+)=", rest) or [rest.split("=")[0]]:
                    assert not SECRET_NAME.search(key), f"{name} {key}"
            if name == "COPY":
                assert not re.search(r"\.env\b|\.pem\b|\.key\b|id_rsa", rest), rest
            if name == "RUN" and stage_number == len(_stages()) - 1:
                assert "SECRET" not in rest, rest
    ignore = (DOCKERFILE.parent / "Dockerfile.dockerignore").read_text()
    assert ignore.splitlines()[1] == "**" and "**/.env" in ignore


def test_installs_from_the_lock_file() -> None:
    build = _stages()[0]
    assert ("COPY", "requirements.lock ./") in build
    assert any(name == "RUN" and "pip install" in rest and "-r requirements.lock" in rest for name, rest in build)
    pins = [line for line in (ROOT / "requirements.lock").read_text().splitlines()
            if line and not line.startswith((" ", "#", "-"))]
    assert pins and all("==" in line for line in pins), [p for p in pins if "==" not in p]


def _pins(lock: str) -> dict[str, str]:
    lines = (ROOT / lock).read_text().splitlines()
    return {name.lower().replace("_", "-"): version for name, _, version in
            (line.partition("==") for line in lines if "==" in line and not line.startswith((" ", "#")))}


def test_the_image_s_lock_pins_every_dependency_as_the_development_lock_does() -> None:
    """The image installs requirements.lock only: a runtime dependency of pyproject.toml missing
    from it (django-axes, knox, django-csp and the sidecar once were) fails the image's first
    start, though every test passes in the development environment."""
    import re

    image, development = _pins("requirements.lock"), _pins("requirements-dev.lock")
    wanted = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    names = [re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-") for requirement in wanted]
    assert [name for name in names if name not in image] == []
    assert {name: (v, development.get(name)) for name, v in image.items() if development.get(name) != v} == {}


def test_every_package_and_entrypoint_command_is_in_the_image() -> None:
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-dir"]
    copied = {rest.split()[0] for name, rest in _stages()[0] if name == "COPY"}
    for folder in packages.values():
        assert folder in copied, f"{folder}/ is not copied into the image"
        assert (ROOT / folder).is_dir()
    entrypoint = (DOCKERFILE.parent / "entrypoint.sh").read_text()
    for command in ("web)", "worker)", "beat)", "migrate)"):
        assert command in entrypoint
    final = _stages()[-1]
    assert ("ENTRYPOINT", '["/app/infra/entrypoint.sh"]') in final


def test_the_code_is_compiled_in_the_build_stage() -> None:
    """The image runs with PYTHONDONTWRITEBYTECODE: hoso's own .pyc files exist only if the build
    makes them, after the code is copied, else every worker compiles every module it imports
    (issue 15: a worker's memory)."""
    build = _stages()[0]
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-dir"]
    compiles = [number for number, (name, rest) in enumerate(build) if name == "RUN" and "compileall" in rest]
    assert len(compiles) == 1
    compiled = build[compiles[0]][1].split()
    assert [folder for folder in packages.values() if folder not in compiled] == []
    last_copy = max(number for number, (name, rest) in enumerate(build) if name == "COPY")
    assert compiles[0] > last_copy
    assert "PYTHONDONTWRITEBYTECODE=1" in " ".join(rest for name, rest in _stages()[-1] if name == "ENV")
