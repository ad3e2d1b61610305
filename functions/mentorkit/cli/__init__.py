"""`mentorkit …`: the same domain code as the API, from the command line."""

import typer

from . import dev, matching, nudge, roster

app = typer.Typer(no_args_is_help=True, help="mentorkit: run and test a mentoring program from the command line.")

app.command("dev-token")(dev.dev_token)
app.add_typer(roster.app, name="roster")
app.command("nudge")(nudge.nudge)

# matching engine: `mentorkit match` and `mentorkit solve`
app.command("match")(matching.match)
app.command("solve")(matching.solve)
