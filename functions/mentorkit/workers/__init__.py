"""Functions invoked asynchronously, outside the API's request–response cycle."""
