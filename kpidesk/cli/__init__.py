"""The command line: ``kpidesk [PATH]`` opens the GUI; subcommands work without a screen."""
