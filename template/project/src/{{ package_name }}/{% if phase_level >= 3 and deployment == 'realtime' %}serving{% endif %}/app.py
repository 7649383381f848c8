"""Real-time serving with FastAPI: `GET /health` and `POST /predict`, through the same
prediction entry point as evaluation.

The request model is derived from `configs/schema.json` (one typed field per input column), and
every value is checked against the schema's invariants (allowed values, ranges, no NaN or
infinity) before the model sees it: a bad request gets 422 and the reasons. Each request and
its predictions are appended to `logs/predictions.jsonl`, which `monitor` reads.

POST /predict takes {"rows": [{column: value, ...}, ...]} and answers {"predictions": [...]}.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, create_model

from .. import __version__, settings
from ..evaluate import Predictor
from ..logbook import append
from ..predict import load_predictor, prepare
from ..validate import check_value, load_schema

TYPES: dict[str, Any] = {"int": int, "float": float}
NOT_INPUTS = ("target",)


def input_columns(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The columns a request carries: every schema column but the target and the label date."""
    skip = {schema["target"], settings.LABEL_DATE_COLUMN}
    return {name: rule for name, rule in schema["columns"].items() if name not in skip}


def request_models(schema: dict[str, Any]) -> tuple[type[BaseModel], type[BaseModel]]:
    """The pydantic models of one row and of a request, built from the schema's columns."""
    fields: dict[str, Any] = {}
    for name, rule in input_columns(schema).items():
        kind = TYPES.get(rule.get("type", "text"), str)
        required = name not in (settings.ID_COLUMN, settings.GROUP_COLUMN, settings.ENTITY_COLUMN)
        default = ... if required and not rule.get("nullable") else None
        fields[name] = (kind | None if default is None else kind, default)
    config = ConfigDict(extra="forbid", allow_inf_nan=False)
    row = create_model("Row", __config__=config, **fields)
    request = create_model("PredictRequest", rows=(list[row], Field(min_length=1)))  # type: ignore[valid-type]
    return row, request


def invariants(rows: list[dict[str, Any]], schema: dict[str, Any]) -> list[str]:
    """Every value that breaks the schema's rules (allowed values, minimum, maximum)."""
    problems = []
    for number, row in enumerate(rows):
        for name, rule in input_columns(schema).items():
            value = row.get(name)
            if value is None and name not in row:
                continue
            problem = check_value(name, rule, "" if value is None else str(value), number)
            if problem:
                problems.append(problem.replace(f"line {number}", f"row {number}"))
    return problems


def create_app(predictor: Predictor | None = None, log: Path | None = None) -> FastAPI:
    """The app; `predictor` defaults to the stage lifecycle.yaml records, `log` to
    logs/predictions.jsonl."""
    model = predictor or load_predictor()
    stage = getattr(model, "stage", "heuristic")
    schema = load_schema()
    _row, request_model = request_models(schema)
    app = FastAPI(title=settings.ROOT.name, version=__version__)

    @app.exception_handler(RequestValidationError)
    async def refused(_request: Request, error: RequestValidationError) -> JSONResponse:
        # where and why only: echoing the input back could hold NaN, which JSON cannot carry
        detail = [{"loc": list(e["loc"]), "msg": e["msg"]} for e in error.errors()]
        return JSONResponse(status_code=422, content={"detail": detail})

    @app.get("/health")
    def health() -> dict[str, Any]:
        return {"status": "ok", "stage": stage, "version": __version__}

    def predict(body: Any) -> dict[str, Any]:
        records = [row.model_dump(exclude_none=True) for row in body.rows]
        problems = invariants(records, schema)
        if problems:
            raise HTTPException(status_code=422, detail=problems)
        started = time.perf_counter()
        predictions = model.predict([prepare(record) for record in records])
        elapsed = round((time.perf_counter() - started) * 1000, 3)
        append(records, predictions, stage, log, ms=elapsed)
        return {"predictions": predictions, "stage": stage, "ms": elapsed}

    # The request model is built at run time, so it is attached here rather than annotated.
    predict.__annotations__["body"] = request_model
    app.post("/predict")(predict)
    return app


def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve until interrupted (uvicorn)."""
    import uvicorn

    uvicorn.run(create_app(), host=host, port=port)
