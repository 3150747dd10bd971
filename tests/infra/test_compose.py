"""infra/compose.yaml, checked at the YAML level (no Docker engine runs here)."""

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
HOSO = ("migrate", "web", "worker", "beat")


def _compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "infra" / "compose.yaml").read_text())


def test_the_services_of_one_server() -> None:
    services = _compose()["services"]
    assert {"db", "redis", "minio", *HOSO} <= set(services)
    assert re.fullmatch(r"postgres:16\.\d+[\w.-]*", services["db"]["image"])
    for name, service in services.items():
        image = service["image"]
        if not image.startswith("hoso:"):
            assert ":" in image and not image.endswith(":latest"), f"{name}: {image} is not pinned"


def test_hoso_processes_share_one_image_and_the_entrypoint_commands() -> None:
    services = _compose()["services"]
    assert {services[name]["image"] for name in HOSO} == {"hoso:${HOSO_TAG:-latest}"}
    assert {name: services[name]["command"] for name in HOSO} == {name: [name] for name in HOSO}
    assert services["web"]["build"]["dockerfile"] == "infra/docker/Dockerfile"


def test_migrations_run_before_web_worker_and_beat() -> None:
    services = _compose()["services"]
    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}


def test_probes_and_graceful_stops() -> None:
    services = _compose()["services"]
    assert "/readyz" in " ".join(services["web"]["healthcheck"]["test"])
    assert services["worker"]["stop_grace_period"] == "10m"
    # Exactly one scheduler.
    assert services["beat"].get("deploy", {}).get("replicas", 1) == 1


def test_wired_by_the_readme_settings_and_no_secret_inline() -> None:
    services = _compose()["services"]
    readme = (ROOT / "README.md").read_text()
    example = (ROOT / "infra" / "compose.env.example").read_text()
    for name in HOSO:
        environment = services[name]["environment"]
        for key, value in environment.items():
            assert f"`{key}`" in readme, f"{key} is not in the README's settings"
            if re.search(r"PASSWORD|SECRET", key) or "@" in str(value):
                # Secrets come from the environment file, never from this file.
                assert "${" in str(value), f"{key} is written inline"
    for key in re.findall(r"^(\w+)=", example, re.MULTILINE):
        if re.search(r"KEY|PASSWORD|DSN", key):
            assert re.search(rf"^{key}=$", example, re.MULTILINE), f"{key} has a value in the example"
    assert "infra/compose.env" in (ROOT / ".gitignore").read_text()
