"""The ``mlp-kit`` command.

Each subcommand lives in its own module, which provides
``add_arguments(parser)`` and ``run(args) -> exit code``. A subcommand is
registered by one line in :data:`COMMANDS`; its module is imported only when
that subcommand runs (or its ``--help`` is asked for), so ``mlp-kit --help``
stays instant and no command pays for another's imports.
"""

import argparse
import importlib
import sys

# name -> (module with add_arguments/run, one-line help)
COMMANDS = {
    "grade": ("mlp_kit.grading.batch",
              "grade a class's submissions of a lesson: parallel, sandboxed, resumable"),
    "collect": ("mlp_kit.grading.collect",
                "turn an LMS download (zip or folder) into DIR/<student>/<lesson>/<lesson>.ipynb"),
    "check": ("mlp_kit.selfcheck",
              "run a lesson notebook and report each exercise: passed, failed (and why) or not attempted"),
}


def build_parser(selected=None):
    """The argument parser; only ``selected``'s module is imported to describe its arguments."""
    parser = argparse.ArgumentParser(
        prog="mlp-kit",
        description="Tools for the course 'Neural networks with Keras, from a single neuron to CNNs'.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        if name == selected:
            importlib.import_module(module).add_arguments(cmd)
    return parser


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _run(argv)
    except KeyboardInterrupt:   # Ctrl-C before the command set up its own handling (e.g. while importing)
        print("mlp-kit: interrupted", file=sys.stderr)
        return 130


def _run(argv):
    selected = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(selected if selected in COMMANDS else None)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    module = importlib.import_module(COMMANDS[args.command][0])
    return module.run(args) or 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
