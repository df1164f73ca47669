#!/bin/sh
# Builds /tmp/gemm-bench (native/tools/gemm-bench.cc) from the GEMM sources with the addon's flags.
set -e
cd "$(dirname "$0")/../.."
F="-std=gnu++17 -O3 -ffp-contract=fast -Wall -pthread"
O=${TMPDIR:-/tmp}/gemm-bench-obj
mkdir -p "$O"
g++ $F -mavx2 -mfma -c native/gemm/kernel_avx2.cc -o "$O/k2.o"
g++ $F -mavx512f -mfma -c native/gemm/kernel_avx512.cc -o "$O/k5.o"
g++ $F native/tools/gemm-bench.cc native/gemm/driver.cc native/gemm/reference.cc native/gemm/kernel_portable.cc \
  native/core/threadpool.cc "$O/k2.o" "$O/k5.o" -o ${TMPDIR:-/tmp}/gemm-bench
