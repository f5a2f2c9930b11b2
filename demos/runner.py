"""Run one demo inside a worker process: validate, pick the device, time the kernel, keep to the time budget.

Importing this module does not import torch (the web process imports it to name the job); torch loads in the
worker when it starts. Exceptions that reach the web process are defined here, torch-free.
"""

import os
import time
from typing import Any, Protocol

from demos.catalog import CATALOG, load_kernel


class EventSink(Protocol):
    def put(self, item: Any) -> None: ...


class DemoRejected(ValueError):
    """The request cannot run here (e.g. CUDA asked for on a machine without it): the client's to fix."""


class TimeBudgetExceeded(RuntimeError):
    """The run took longer than its budget and stopped at its next progress point."""


class DemoFailed(RuntimeError):
    """Any other failure, re-raised as this plain class so the web process can unpickle it without torch."""


_events: EventSink | None = None


def init_worker(events: EventSink | None, niceness: int = 0) -> None:
    """Pool initializer: the queue on which every job in this worker posts (job_id, event) pairs.

    A positive `niceness` lowers the worker's CPU priority, so on a small machine busy demos slow each
    other down rather than the pages.
    """
    global _events
    _events = events
    if niceness:
        os.nice(niceness)
    import torch

    # One intra-op thread per worker: the workers themselves are the parallelism (one per core). The demos'
    # tensors are small, and two workers' thread pools fighting over the same cores made runs 10-60x slower.
    torch.set_num_threads(1)


def warm_up() -> str:
    """Import torch and run each demo once, tiny, so the first real request does not pay for it."""
    for spec in CATALOG.values():
        run_demo(spec.id, dict(spec.warmup), "cpu", budget_s=30.0)
    import torch

    return f"torch {torch.__version__}, cuda available: {torch.cuda.is_available()}"


def run_demo(demo_id: str, params: dict, device: str, budget_s: float, job_id: str | None = None) -> dict:
    """Run demo `demo_id` with `params` on `device` ("auto" | "cpu" | "cuda"); returns the API's response body.

    With a `job_id`, progress events go to the worker's event queue as (job_id, event), then (job_id, None).
    """
    import torch

    from demos.device import DeviceUnavailable, resolve_device

    try:
        spec = CATALOG[demo_id]
        resolved = spec.params_model.model_validate(params)
        try:
            torch_device = resolve_device(device)
        except DeviceUnavailable as error:
            raise DemoRejected(str(error)) from None
        kernel = load_kernel(spec)
        deadline = time.perf_counter() + budget_s

        def progress(event: dict) -> None:
            if job_id is not None and _events is not None:
                _events.put((job_id, event))
            if time.perf_counter() > deadline:
                raise TimeBudgetExceeded(f"the run took longer than its {budget_s:g} s budget")

        started = time.perf_counter()
        result = kernel(resolved, torch_device, progress)
        if torch_device.type == "cuda":
            torch.cuda.synchronize(torch_device)
        elapsed_ms = (time.perf_counter() - started) * 1000
    except (DemoRejected, TimeBudgetExceeded):
        raise
    except Exception as error:
        raise DemoFailed(f"{type(error).__name__}: {error}") from None
    finally:
        if job_id is not None and _events is not None:
            _events.put((job_id, None))
    return {
        "demo": demo_id,
        "device": str(torch_device),
        "elapsed_ms": round(elapsed_ms, 2),
        "params": resolved.model_dump(mode="json"),
        "result": result,
    }
