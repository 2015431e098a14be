"""Signing what tenderkit issues: an HMAC-SHA256 over canonical JSON, keyed by the workspace secret.

Every workbook tenderkit hands out (evaluator workbooks, the moderation workbook) carries
its payload and this signature; the secret never leaves the workspace, so a person can read
a payload but cannot change it without the signature failing.
"""

from __future__ import annotations

import hashlib
import hmac


def sign(canonical: str, secret: bytes) -> str:
    """Hex HMAC-SHA256 of the payload's canonical JSON."""
    return hmac.new(secret, canonical.encode("utf-8"), hashlib.sha256).hexdigest()


def signature_matches(canonical: str, signature: str, secret: bytes) -> bool:
    """Whether signature (hex, any case, spaces around ignored) signs canonical."""
    return hmac.compare_digest(sign(canonical, secret), signature.strip().lower())
