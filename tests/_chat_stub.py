"""A stub OpenAI-compatible /chat/completions server on loopback, shared by the tests of
the LLM judge and the narrative writer. Each test file subclasses :class:`ChatStubHandler`
and decides the answer in :meth:`~ChatStubHandler.answer`."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class ChatStub(ThreadingHTTPServer):
    daemon_threads = True
    # every request: {"path": ..., "headers": {...}, **the JSON body}
    requests: list[dict[str, Any]]

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a slow answer may land on a socket the timed-out client already closed

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class ChatStubHandler(BaseHTTPRequestHandler):
    server: ChatStub

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append({"path": self.path, "headers": dict(self.headers), **body})
        self.answer(body)

    def answer(self, body: dict[str, Any]) -> None:
        """Send the reply to ``body`` (with :meth:`reply` or :meth:`send_json`)."""
        raise NotImplementedError

    def reply(self, content: str) -> None:
        """A chat-completions answer whose message is ``content``."""
        message = {"choices": [{"message": {"role": "assistant", "content": content}}]}
        self.send_json(200, json.dumps(message).encode())

    def send_json(self, status: int, payload: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@contextmanager
def serving(server_class: type[ChatStub], handler: type[ChatStubHandler]) -> Iterator[Any]:
    """The server running on a free loopback port until the block ends."""
    server = server_class(("127.0.0.1", 0), handler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
