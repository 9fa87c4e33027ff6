"""The bounce policy, stored in the settings section ``bounce_policy``.

A hard bounce blacklists at once.  Soft bounces blacklist after
``soft_limit`` of them within ``soft_window_days``.  A send the server accepted
counts as a successful delivery (and resets the count) once no bounce for it
arrived within ``delivery_grace_days`` - mail servers keep retrying a soft
failure for up to five days before they bounce it.

The policy is read when a bounce is handled, so a change applies to future
bounces only: nothing already on the blacklist or already counted changes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from ..exceptions import ConfigurationError
from ..storage.config_store import ConfigStore

SECTION = "bounce_policy"
_LIMITS = {"soft_limit": (1, 100), "soft_window_days": (1, 365), "delivery_grace_days": (0, 30)}
_OPTIONS = {"soft_limit": "--soft-limit", "soft_window_days": "--window-days", "delivery_grace_days": "--grace-days"}


class BouncePolicyError(ConfigurationError):
    """A bounce-policy value is out of range."""

    code = "bounce-policy"


@dataclass(frozen=True)
class BouncePolicy:
    soft_limit: int = 3
    soft_window_days: int = 30
    delivery_grace_days: int = 5

    def __post_init__(self) -> None:
        for name, (low, high) in _LIMITS.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise BouncePolicyError(
                    f"The bounce policy's {name} must be a whole number from {low} to {high}, "
                    f"not {value!r}; set it with 'caddie-mail blacklist policy {_OPTIONS[name]} N'."
                )

    @classmethod
    def from_section(cls, values: dict[str, Any]) -> BouncePolicy:
        known = {name: values[name] for name in _LIMITS if name in values}
        return cls(**known)

    def describe(self) -> str:
        return (
            f"hard bounce: blacklisted at once; soft bounces: blacklisted after {self.soft_limit} "
            f"within {self.soft_window_days} days; an accepted send without a bounce for "
            f"{self.delivery_grace_days} days resets the count"
        )


def load_policy(config: ConfigStore) -> BouncePolicy:
    """The policy in force now (defaults where nothing is stored)."""
    return config.parsed_section(SECTION, BouncePolicy.from_section)


def save_policy(config: ConfigStore, **changes: int) -> BouncePolicy:
    """Validate and store changed values; returns the new policy."""
    unknown = set(changes) - set(_LIMITS)
    if unknown:
        raise BouncePolicyError(f"Unknown bounce-policy setting(s): {', '.join(sorted(unknown))}.")
    policy = replace(load_policy(config), **changes)
    config.update_section(SECTION, **asdict(policy))
    return policy
