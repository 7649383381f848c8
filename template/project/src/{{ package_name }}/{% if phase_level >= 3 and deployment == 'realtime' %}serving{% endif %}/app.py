"""Real-time serving: a small HTTP app (standard library) with `GET /health` and
`POST /predict`, using the same prediction entry point as evaluation.

POST /predict takes {"rows": [{column: value, ...}, ...]} and answers {"predictions": [...]}.
"""

from __future__ import annotations

import json
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .. import __version__
from ..evaluate import Predictor
from ..predict import load_predictor, prepare


def make_server(
    host: str = "127.0.0.1", port: int = 8000, predictor: Predictor | None = None
) -> ThreadingHTTPServer:
    """A server bound to host:port (port 0 picks a free one); call serve_forever() on it."""
    model = predictor or load_predictor()
    stage = getattr(model, "stage", "heuristic")

    class Handler(BaseHTTPRequestHandler):
        def _send(self, code: int, payload: dict[str, Any]) -> None:
            body = json.dumps(payload).encode("utf-8")
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            if self.path == "/health":
                self._send(200, {"status": "ok", "stage": stage, "version": __version__})
            else:
                self._send(404, {"error": "not found"})

        def do_POST(self) -> None:  # noqa: N802
            if self.path != "/predict":
                self._send(404, {"error": "not found"})
                return
            try:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                records = body.get("rows") if isinstance(body, dict) else None
                if not isinstance(records, list) or not records:
                    raise ValueError('expected {"rows": [{...}, ...]}')
                rows = [prepare(record) for record in records]
            except (ValueError, TypeError, KeyError) as error:
                self._send(400, {"error": str(error)})
                return
            started = time.perf_counter()
            predictions = model.predict(rows)
            elapsed = (time.perf_counter() - started) * 1000
            self._send(200, {"predictions": predictions, "stage": stage, "ms": round(elapsed, 3)})

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Quiet: no line per request on stderr."""

    return ThreadingHTTPServer((host, port), Handler)


def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve until interrupted."""
    server = make_server(host, port)
    print(f"serving on http://{host}:{server.server_address[1]} (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
