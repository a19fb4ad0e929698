import sys

from .entry import run

# `python -m checker` is the whole program: its exit may skip the teardown. Another
# program that runs this module (runpy.run_module) goes on after it: a normal exit.
run(fast_exit=sys.modules["__main__"].__dict__ is globals())
