"""What every demo in the catalogue promises: a valid spec, a page, a script, linked entries, a run with defaults."""

import json
import subprocess
import sys

import pytest

from demos.catalog import CATALOG, load_kernel
from demos.runner import run_demo
from glossary.db import ENTRIES_DIR
from glossary.loader import read_entries
from tests.conftest import PROJECT_ROOT

SLUGS = {entry.meta.slug for entry in read_entries(ENTRIES_DIR)}


def test_web_facing_demo_modules_do_not_import_torch() -> None:
    code = "import sys, demos.params, demos.catalog, demos.runner; sys.exit('torch' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


@pytest.mark.parametrize("demo_id", list(CATALOG))
def test_spec_is_complete_in_both_languages(demo_id: str) -> None:
    spec = CATALOG[demo_id]
    assert spec.title_ko and spec.title_en and spec.caption_ko and spec.caption_en
    assert spec.terms and set(spec.terms) <= SLUGS, set(spec.terms) - SLUGS
    assert len(set(spec.terms)) == len(spec.terms)
    for key, texts in spec.labels.items():
        assert set(texts) == {"ko", "en"} and all(texts.values()), key
    spec.params_model()  # the defaults are valid
    spec.params_model.model_validate(dict(spec.warmup))
    json.dumps(spec.page_config() if spec.page_config else {})
    assert callable(load_kernel(spec))


@pytest.mark.parametrize("demo_id", list(CATALOG))
def test_page_template_and_script_exist(demo_id: str) -> None:
    template = (PROJECT_ROOT / "templates" / f"demo_{demo_id}.html").read_text()
    assert f'data-demo="{demo_id}"' in template
    assert (PROJECT_ROOT / "static" / "js" / f"demo-{demo_id}.js").is_file()


@pytest.mark.parametrize("demo_id", list(CATALOG))
def test_runs_with_defaults_and_returns_plain_json(demo_id: str) -> None:
    body = run_demo(demo_id, {}, "cpu", budget_s=30.0)
    assert body["demo"] == demo_id and body["device"] == "cpu"
    assert body["params"] == CATALOG[demo_id].params_model().model_dump(mode="json")
    json.dumps(body, allow_nan=False)  # strict JSON: no NaN or infinity reaches a browser
