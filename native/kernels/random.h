// Counter-based random numbers (Philox 4x32-10), bit for bit src/core/random.ts's philoxUniform: the same key,
// counter and element order, so a seeded run gives the same numbers on every backend and thread count.
#pragma once
#include <cstdint>
#include "../core/view.h"

namespace lw {

/** Fills the dense 1-D float32/float64 view `out` with uniforms in [0, 1) from blocks counter, counter + 1, … under key. */
void philoxUniform(uint32_t k0, uint32_t k1, uint64_t counter, const View& out);

}  // namespace lw
