"""Commands for the local stack: tokens for scripts."""

from __future__ import annotations

import os
from pathlib import Path

import typer


def dev_token(
    email: str = typer.Option(..., "--email", help="Whose token: an address at an allowed domain."),
    coordinator: bool = typer.Option(False, "--coordinator", help="Put the token in the coordinators group."),
    hours: int = typer.Option(1, "--hours", min=1, max=24, help="How long the token stays valid."),
    unverified: bool = typer.Option(False, "--unverified", help="Mark the e-mail unverified (the API refuses it)."),
) -> None:
    """Print a bearer token that the local API accepts, for curl and scripts."""
    from devstack import branding
    from devstack.issuer import Issuer
    from devstack.paths import DATA

    base_url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
    issuer = Issuer(base_url, Path(DATA) / "issuer" / "signing-key.pem", branding.allowed_email_domains())
    try:
        typer.echo(issuer.mint(email, coordinator, lifetime=hours * 3600, verified=not unverified))
    except ValueError as problem:
        typer.echo(f"Error: {problem}", err=True)
        raise typer.Exit(2) from None
