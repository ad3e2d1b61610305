"""The rules of the product in plain Python: no boto3, no API Gateway events."""
