"""Headers every response carries: nosniff everywhere, a Content-Security-Policy on HTML, and
``Connection: close`` after a server error (a worker crash or time-out must not leave a keep-alive
connection in an unknown state).

The policy allows only this service's own scripts, styles, images and fonts (the pages use vendored
libraries), inline styles (vis-network and YASGUI set them), and ``data:`` images; no inline script,
no framing, no form posting elsewhere.
"""

from __future__ import annotations

import logging

from fastapi import Request
from fastapi.responses import JSONResponse

log = logging.getLogger(__name__)

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'none'")


class SecurityHeaders:
    """Pure ASGI middleware adding the headers above to every HTTP response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"connection"]
                headers.append((b"x-content-type-options", b"nosniff"))
                content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if content_type.startswith(b"text/html"):
                    headers.append((b"content-security-policy", CSP.encode()))
                if message["status"] >= 500:
                    headers.append((b"connection", b"close"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def internal_error(request: Request, exc: Exception) -> JSONResponse:
    """The answer to an unexpected exception: logged with its traceback, a short JSON message to the client."""
    log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse({"detail": "internal server error: the service log has the details"}, status_code=500,
                        headers={"Connection": "close", "X-Content-Type-Options": "nosniff"})
