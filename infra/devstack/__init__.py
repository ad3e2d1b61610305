"""The local stack: DynamoDB Local, an API Gateway HTTP API emulator and a sign-in issuer,
all read from template.yaml so that local behaviour follows the deployed template."""
