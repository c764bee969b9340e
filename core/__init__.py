"""What the service (``api``) and the diagrams (``viz``) both need: the bundled resources and the page renderer.

Layering: ``api`` -> ``viz`` -> ``core`` -> ``graph``; nothing here imports ``api`` or ``viz``.
"""

from core.resources import bundled, default_store, running_from_checkout

__all__ = ["bundled", "default_store", "running_from_checkout"]
