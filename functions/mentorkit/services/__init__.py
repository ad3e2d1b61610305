"""The application layer: one module per area. Each takes a `Store` and, where it matters, the
caller as a `Person`, and holds the rules and orchestration the API, the worker and the CLI share."""
