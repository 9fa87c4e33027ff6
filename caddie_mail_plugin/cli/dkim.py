"""``caddie-mail dkim``: the DKIM keys the plugin signs with.

``generate`` stores a new private key (mode 0600, never printed) and prints
the TXT record to publish (``record`` prints it again); ``list`` shows the
stored keys; ``activate``
chooses which key of a domain signs (key rotation: generate a new selector,
publish it, check it with ``check-domain --selector``, then activate);
``remove`` deletes a key.
"""

from __future__ import annotations

import click

from ..dkim.dkim_key import DkimKey
from ..dkim.errors import DkimKeyNotFoundError
from ..dkim.key_store import DkimKeyStore
from ..dkim.keys import KeyType
from .app import CliState, pass_state

DEFAULT_SELECTOR = "caddie"


@click.group()
def dkim() -> None:
    """DKIM signing keys per sender domain."""


def _publish_instructions(key: DkimKey) -> list[str]:
    return [
        f"Publish this TXT record for {key.domain} at your DNS provider:",
        f"  name:  {key.dns_name}",
        f"  value: {key.txt_record}",
        "",
        "Zone-file form (strings of at most 255 characters):",
        key.zone_file_record,
        "",
        f"Then check it: caddie-mail check-domain {key.domain} --selector {key.selector}",
    ]


@dkim.command()
@click.argument("domain")
@click.option("--selector", default=DEFAULT_SELECTOR, show_default=True, help="The DKIM selector (s=).")
@click.option("--type", "key_type", type=click.Choice([t.value for t in KeyType]), default=KeyType.RSA.value,
              show_default=True, help="rsa (2048 bit, understood everywhere) or ed25519 (RFC 8463).")
@click.option("--replace", is_flag=True, help="Overwrite an existing key of this selector.")
@pass_state
def generate(state: CliState, domain: str, selector: str, key_type: str, replace: bool) -> None:
    """Create a signing key for DOMAIN and print the DNS record to publish."""
    store = DkimKeyStore(state.data_dir)
    key = store.generate(domain, selector, key_type, replace=replace)
    active = next(i.active for i in store.list() if (i.domain, i.selector) == (key.domain, key.selector))
    click.echo(f"Stored the {key.key_type.value} key {key.selector} for {key.domain}.")
    if active:
        click.echo("Mail from this domain is signed with it from now on.")
    else:
        click.echo("Another key of this domain signs for now; after publishing, switch with "
                   f"'caddie-mail dkim activate {key.domain} {key.selector}'.")
    click.echo("")
    click.echo("\n".join(_publish_instructions(key)))


@dkim.command("list")
@pass_state
def list_keys(state: CliState) -> None:
    """Show the stored keys (* = the key that signs the domain's mail)."""
    keys = DkimKeyStore(state.data_dir).list()
    if not keys:
        click.echo("No DKIM keys; create one with 'caddie-mail dkim generate DOMAIN'.")
    for info in keys:
        star = "*" if info.active else " "
        created = info.created_at.date().isoformat()
        click.echo(f"{star} {info.domain} {info.selector} {info.key_type.value} {created} {info.dns_name}")


@dkim.command()
@click.argument("domain")
@click.option("--selector", default=None, help="The key to show (default: the domain's active key).")
@pass_state
def record(state: CliState, domain: str, selector: str | None) -> None:
    """Print the TXT record to publish for a stored key of DOMAIN."""
    store = DkimKeyStore(state.data_dir)
    key = store.get(domain, selector) if selector else store.get_active(domain)
    if key is None:
        which = f"key {selector}" if selector else "active key"
        raise DkimKeyNotFoundError(
            f"There is no {which} for {domain}; see 'caddie-mail dkim list' or create one "
            f"with 'caddie-mail dkim generate {domain}'."
        )
    click.echo("\n".join(_publish_instructions(key)))


@dkim.command()
@click.argument("domain")
@click.argument("selector")
@pass_state
def activate(state: CliState, domain: str, selector: str) -> None:
    """Sign DOMAIN's mail with the key SELECTOR from now on."""
    store = DkimKeyStore(state.data_dir)
    store.activate(domain, selector)
    click.echo(f"Mail from {domain} is now signed with the key {selector}.")


@dkim.command()
@click.argument("domain")
@click.argument("selector")
@pass_state
def remove(state: CliState, domain: str, selector: str) -> None:
    """Delete the key SELECTOR of DOMAIN (its mail is then no longer signed with it)."""
    if not DkimKeyStore(state.data_dir).remove(domain, selector):
        raise DkimKeyNotFoundError(
            f"No DKIM key {selector} is stored for {domain}; see 'caddie-mail dkim list'."
        )
    click.echo(f"Removed the key {selector} of {domain}; mail from {domain} is not signed with it any more "
               "(activate another key to keep signing). Remove its DNS record in a few days, "
               "once no mail signed with it is underway.")
