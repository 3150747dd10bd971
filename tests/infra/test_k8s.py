"""Every Kubernetes manifest in infra/k8s validates against the Kubernetes 1.31 schemas
(kubernetes-validate ships them; no cluster, no network), and the deployment's rules hold."""

import shutil
import subprocess
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "infra" / "k8s"
VERSION = "1.31.0"
OVERLAYS = sorted(path.parent for path in (K8S / "overlays").glob("*/kustomization.yaml"))


def _kustomizations() -> list[Path]:
    return sorted(K8S.rglob("kustomization.yaml"))


def _patch_files() -> set[Path]:
    patches = set()
    for kustomization in _kustomizations():
        for patch in yaml.safe_load(kustomization.read_text()).get("patches", []):
            if "path" in patch:
                patches.add((kustomization.parent / patch["path"]).resolve())
    return patches


def _manifests() -> list[tuple[Path, dict[str, Any]]]:
    found = []
    for path in sorted(K8S.rglob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        for document in yaml.safe_load_all(path.read_text()):
            if document:
                found.append((path, document))
    return found


def _render(folder: Path) -> list[dict[str, Any]]:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl (with its built-in kustomize) is not installed")
    done = subprocess.run([kubectl, "kustomize", str(folder)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return [doc for doc in yaml.safe_load_all(done.stdout) if doc]


def _validate(document: dict[str, Any], where: str) -> None:
    try:
        kubernetes_validate.validate(document, VERSION, strict=True)
    except kubernetes_validate.ValidationError as error:
        raise AssertionError(f"{where}: {error.message} at {list(error.path)}") from None


def test_every_manifest_file_is_valid_for_kubernetes_1_31() -> None:
    """Patches are fragments and are checked once rendered (below)."""
    patches = _patch_files()
    checked = 0
    for path, document in _manifests():
        if path.resolve() in patches:
            continue
        _validate(document, f"{path.relative_to(ROOT)} {document.get('kind')}/{document['metadata']['name']}")
        checked += 1
    assert checked >= 15


def test_every_kustomization_names_files_that_exist() -> None:
    for kustomization in _kustomizations():
        config = yaml.safe_load(kustomization.read_text())
        for entry in config.get("resources", []) + [p["path"] for p in config.get("patches", []) if "path" in p]:
            assert (kustomization.parent / entry).exists(), f"{kustomization}: {entry}"


@pytest.mark.parametrize("folder", [K8S / "base", *OVERLAYS], ids=lambda p: str(p.relative_to(K8S)))
def test_rendered_manifests_are_valid_for_kubernetes_1_31(folder: Path) -> None:
    rendered = _render(folder)
    for document in rendered:
        _validate(document, f"{folder.name}: {document['kind']}/{document['metadata']['name']}")


@pytest.mark.parametrize("folder", [K8S / "base", *OVERLAYS], ids=lambda p: str(p.relative_to(K8S)))
def test_the_deployment_rules(folder: Path) -> None:
    rendered = _render(folder)
    by_kind: dict[str, dict[str, dict[str, Any]]] = {}
    for document in rendered:
        by_kind.setdefault(document["kind"], {})[document["metadata"]["name"]] = document
    deployments = by_kind["Deployment"]
    assert set(deployments) == {"hoso-web", "hoso-worker", "hoso-beat"}
    assert "Secret" not in by_kind, "secrets are made in the cluster, never committed"

    beat = deployments["hoso-beat"]["spec"]
    assert beat["replicas"] == 1 and beat["strategy"] == {"type": "Recreate"}
    web = deployments["hoso-web"]["spec"]["template"]["spec"]["containers"][0]
    assert web["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert web["livenessProbe"]["httpGet"]["path"] == "/healthz"

    pods = [d["spec"]["template"] for d in deployments.values()] + [by_kind["Job"]["hoso-migrate"]["spec"]["template"]]
    for template in pods:
        for container in template["spec"]["containers"]:
            assert container["securityContext"]["runAsNonRoot"] is True
            assert container["securityContext"]["allowPrivilegeEscalation"] is False
            assert {"secretRef": {"name": "hoso-secrets"}} in container["envFrom"]
            assert container["args"][0] in {"web", "worker", "beat", "migrate"}
    assert by_kind["Job"]["hoso-migrate"]["spec"]["template"]["spec"]["containers"][0]["args"] == ["migrate"]

    # Autoscalers and disruption budgets point at what exists.
    assert {h["spec"]["scaleTargetRef"]["name"] for h in by_kind["HorizontalPodAutoscaler"].values()} == {"hoso-web", "hoso-worker"}
    labels = {name: d["spec"]["template"]["metadata"]["labels"] for name, d in deployments.items()}
    for budget in by_kind["PodDisruptionBudget"].values():
        selector = budget["spec"]["selector"]["matchLabels"]
        assert any(selector.items() <= pod_labels.items() for pod_labels in labels.values())
    assert "hoso-default-deny-ingress" in by_kind["NetworkPolicy"]

    ingress = by_kind["Ingress"]["hoso"]["spec"]
    hosts = ingress["tls"][0]["hosts"]
    assert any(host.startswith("*.") for host in hosts)
    assert {rule["host"] for rule in ingress["rules"]} == set(hosts)
    # Only the web's http port is routed: the metrics ports stay inside the cluster.
    for rule in ingress["rules"]:
        for path in rule["http"]["paths"]:
            assert path["backend"]["service"] == {"name": "hoso-web", "port": {"name": "http"}}


@pytest.mark.parametrize("folder", [K8S / "base", *OVERLAYS], ids=lambda p: str(p.relative_to(K8S)))
def test_workers_scale_on_the_queue_length_that_beat_exports(folder: Path) -> None:
    """The worker's autoscaler reads the External metric `hoso_queue_length` for the queue the
    workers consume, and that gauge is the one beat's exporter serves on a scraped port."""
    rendered = _render(folder)
    by_name = {(d["kind"], d["metadata"]["name"]): d for d in rendered}
    worker_hpa = by_name[("HorizontalPodAutoscaler", "hoso-worker")]["spec"]
    [external] = [m["external"] for m in worker_hpa["metrics"] if m["type"] == "External"]
    name = external["metric"]["name"]
    assert name == "hoso_queue_length"
    assert f'GaugeMetricFamily("{name}"' in (ROOT / "platform" / "observability" / "metrics.py").read_text()
    config = by_name[("ConfigMap", "hoso-config")]["data"]
    assert external["metric"]["selector"]["matchLabels"] == {"queue": config.get("CELERY_QUEUE", "celery")}
    assert external["target"]["type"] == "AverageValue" and int(external["target"]["averageValue"]) > 0
    assert 1 <= worker_hpa["minReplicas"] < worker_hpa["maxReplicas"]

    beat = by_name[("Deployment", "hoso-beat")]["spec"]["template"]
    [container] = beat["spec"]["containers"]
    port = {e["name"]: e["value"] for e in container["env"]}["HOSO_METRICS_PORT"]
    assert beat["metadata"]["annotations"]["prometheus.io/scrape"] == "true"
    assert beat["metadata"]["annotations"]["prometheus.io/port"] == port
    assert {"name": "metrics", "containerPort": int(port)} in container["ports"]
