"""The layering contracts (pyproject.toml, [tool.importlinter], run by `make lint`) name the
packages they forbid one by one. These tests fail when a package is added under core/ or
tenants/ without being placed in the contracts, so a new feature cannot slip past them."""

import pkgutil
import tomllib
from pathlib import Path

import core
import tenants

ROOT = Path(__file__).resolve().parents[1]


def _contracts() -> dict[str, dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return {contract["name"]: contract for contract in config["contracts"]}


def _children(package: object) -> set[str]:
    prefix = f"{package.__name__}."  # type: ignore[attr-defined]
    return {prefix + info.name for info in pkgutil.iter_modules(package.__path__)}  # type: ignore[attr-defined]


def _contract(fragment: str) -> dict[str, object]:
    (contract,) = [c for name, c in _contracts().items() if fragment in name]
    return contract


def test_rules_tenancy_and_the_base_are_forbidden_every_core_package_but_the_base() -> None:
    above_base = _children(core) - {"core.base"}
    for fragment in ("rules knows no people", "Tenancy knows no personnel model", "core.base (accounts"):
        forbidden = set(_contract(fragment)["forbidden_modules"])  # type: ignore[arg-type]
        assert above_base <= forbidden, f"{fragment}: missing {sorted(above_base - forbidden)}"


def test_core_sees_tenancy_only_through_its_context_helpers() -> None:
    contract = _contract("core sees tenancy only through tenants.context")
    assert set(contract["source_modules"]) == _children(core) - {"core.base", "core.operations"}  # type: ignore[arg-type]
    assert set(contract["forbidden_modules"]) == _children(tenants) - {"tenants.context"}  # type: ignore[arg-type]


def test_every_feature_has_its_pages_and_endpoints_where_the_readme_says() -> None:
    """A feature's pages are frontend/<feature>/ and its endpoints api/v1/<feature>/, each with
    its own urls.py; no views or api modules are left inside core."""
    leftovers = sorted(str(p.relative_to(ROOT)) for pattern in ("views*.py", "api*.py", "urls.py", "forms.py")
                       for p in (ROOT / "core").rglob(pattern))
    assert leftovers == []
    for feature in ("approvals", "backups", "reports", "transfers", "rules", "people", "change_sets",
                    "org_units", "access"):
        assert (ROOT / "frontend" / feature / "urls.py").exists(), feature
    for feature in ("approvals", "backups", "reports", "transfers", "rules", "people", "change_sets",
                    "org_units", "access", "obligations", "auth"):
        assert (ROOT / "api" / "v1" / feature / "urls.py").exists(), feature
