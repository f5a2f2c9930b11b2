"""The demos the site offers: titles, captions, glossary terms, parameter models and kernels. No torch here.

Each demo is declared in its own module under demos/specs/ (a `SPEC = DemoSpec(...)`), so adding a demo touches
no shared list: the catalogue is every spec found there, in `order`.
"""

import importlib
import pkgutil
from collections.abc import Callable

from demos.demo_spec import DemoSpec


def _discover() -> dict[str, DemoSpec]:
    import demos.specs

    specs: list[DemoSpec] = []
    for module_info in pkgutil.iter_modules(demos.specs.__path__):
        spec = importlib.import_module(f"demos.specs.{module_info.name}").SPEC
        if spec.id.replace("-", "_") != module_info.name:
            raise ValueError(f"demos/specs/{module_info.name}.py declares demo {spec.id!r}; name the file after it")
        specs.append(spec)
    return {spec.id: spec for spec in sorted(specs, key=lambda spec: (spec.order, spec.id))}


CATALOG: dict[str, DemoSpec] = _discover()


def load_kernel(spec: DemoSpec) -> Callable:
    """Import the kernel named by spec.kernel ("package.module:function") and return the function.

    Called inside worker processes: this is where torch gets imported.
    """
    module_name, _, function_name = spec.kernel.partition(":")
    return getattr(importlib.import_module(module_name), function_name)
