"""One function a subcommand, returning a result; the CLI prints it."""
