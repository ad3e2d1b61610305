"""The HTTP API: Powertools routers over the domain package."""
