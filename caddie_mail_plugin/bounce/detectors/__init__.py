"""Bounce detectors, ordered from the most to the least specific."""

from __future__ import annotations

from .amazon_ses import detect_amazon_ses
from .arf import detect_arf
from .autoreply import detect_auto_reply
from .base import Detection, Detector, Finding
from .courier import detect_courier
from .dragonfly import detect_dragonfly
from .exchange import detect_exchange
from .exim import detect_exim
from .generic_text import detect_generic_text
from .german_providers import detect_german_provider
from .gmail import detect_gmail
from .opensmtpd import detect_opensmtpd
from .postfix import detect_postfix
from .qmail import detect_qmail
from .rfc3464 import detect_rfc3464
from .sendmail import detect_sendmail
from .yahoo import detect_yahoo

#: Tried in this order; the first detector that returns a detection wins.
DETECTORS: tuple[tuple[str, Detector], ...] = (
    ("arf", detect_arf),
    ("amazon-ses", detect_amazon_ses),
    ("rfc3464", detect_rfc3464),
    ("dragonfly", detect_dragonfly),
    ("opensmtpd", detect_opensmtpd),
    ("courier", detect_courier),
    ("german-provider", detect_german_provider),
    ("gmail", detect_gmail),
    ("exim", detect_exim),
    ("yahoo", detect_yahoo),
    ("qmail", detect_qmail),
    ("postfix", detect_postfix),
    ("sendmail", detect_sendmail),
    ("exchange", detect_exchange),
    ("auto-reply", detect_auto_reply),
    ("generic-text", detect_generic_text),
)

__all__ = ["DETECTORS", "Detection", "Detector", "Finding"]
