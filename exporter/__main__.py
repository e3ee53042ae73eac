from .cli import run

run(prog_name="python -m exporter")
