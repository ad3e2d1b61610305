"""CSV downloads: every export of the API answers the same way, as a file a spreadsheet opens."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response


def csv_file(text: str, filename: str) -> Response[str]:
    return Response(200, "text/csv; charset=utf-8", text,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
