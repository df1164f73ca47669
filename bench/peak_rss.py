"""@file Runs a command (its output passes through), then prints `PEAK_RSS_KB n`: the child's peak resident set
from getrusage(RUSAGE_CHILDREN), what /usr/bin/time -f %M reports in ../shared/bench/run.sh. Exits with its status."""
import resource
import subprocess
import sys

status = subprocess.run(sys.argv[1:]).returncode
print(f"PEAK_RSS_KB {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}", flush=True)
sys.exit(status)
