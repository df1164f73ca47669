// The non-GEMM kernels, one entry per Backend method (see src/backends/backend.ts). Outputs are
// dense views the caller allocated; inputs are any strided views, checked before the call.
#pragma once
#include <memory>
#include <string>
#include "../core/view.h"

namespace lw {

// Element-wise op codes, by position in these lists (the binding checks them against core/ops.ts).
constexpr const char* kUnaryNames[] = {"neg", "abs", "exp", "log", "log1p", "sqrt", "rsqrt", "sin", "cos",
                                       "tanh", "sigmoid", "relu", "erf", "sign", "floor", "ceil", "round", "logical_not"};
constexpr const char* kBinaryNames[] = {"add", "sub", "mul", "div", "pow", "maximum", "minimum", "eq", "ne",
                                        "lt", "le", "gt", "ge", "logical_and", "logical_or", "logical_xor"};
enum Unary { kNeg, kAbs, kExp, kLog, kLog1p, kSqrt, kRsqrt, kSin, kCos, kTanh, kSigmoid, kRelu, kErf, kSign, kFloor, kCeil, kRound, kLogicalNot };
enum Binary { kAdd, kSub, kMul, kDiv, kPow, kMaximum, kMinimum, kEq, kNe, kLt, kLe, kGt, kGe, kLogicalAnd, kLogicalOr, kLogicalXor };
enum Reduce { kSum, kProd, kAmax, kAmin };

/** Copies src into dst (same shape, any strides), converting the element type. */
void copyInto(const View& dst, const View& src);
/** `v` itself when it already has dtype d, else a dense converted copy held by `hold`. */
View castTo(const View& v, DType d, std::unique_ptr<char[]>& hold);

void unary(int op, const View& x, const View& out);
void binary(int op, const View& a, const View& b, const View& out);
void where(const View& cond, const View& a, const View& b, const View& out);
void clamp(const View& x, double lo, double hi, const View& out);

void reduce(int op, const View& x, const bool* reduced, const View& out);
void argReduce(bool isMax, const View& x, int dim, const View& out);
void cumsum(const View& x, int dim, const View& out);

void gather(const View& x, int dim, const View& index, const View& out, const std::string& op);
/** out already holds a copy of x. */
void scatter(const View& out, int dim, const View& index, const View& src, bool accumulate, const std::string& op);
void indexSelect(const View& x, int dim, const View& index, const View& out, const std::string& op);
/** out already holds a copy of x. */
void indexAdd(const View& out, int dim, const View& index, const View& src, const std::string& op);

// Fused neural-network kernels (kernels/nn.cc), float32 or float64, all operands of out's dtype.
/**
 * Softmax (log-softmax when `log`) of a dense x seen as (outer, len, inner), along len. causalRows L > 0 (inner 1):
 * row r sees its first (r mod L) + 1 elements, the rest 0 (−∞ for log), as a top-left causal mask before it.
 */
void softmax(const View& x, int64_t outer, int64_t len, int64_t inner, bool log, const View& out, int64_t causalRows = 0);
/** From softmax's output y: y·(g − Σ g·y); from log-softmax's (`log`): g − exp(y)·Σ g. Dense (outer, len, inner). */
void softmaxBackward(const View& g, const View& y, int64_t outer, int64_t len, int64_t inner, bool log, const View& out);
/** x·Φ(x) (Φ by erf, or the tanh formula), any strides. */
void gelu(const View& x, bool tanhForm, const View& out);
/** g·gelu'(x), any strides. */
void geluBackward(const View& g, const View& x, bool tanhForm, const View& out);
/** ReLU's gradient from its output y: y ≤ 0 ? 0 : g (NaN passes g), any strides. */
void reluBackward(const View& g, const View& y, const View& out);
/** Dense rows of `size`: (x − mean)·rstd·w + b; w and b may be null. */
void layerNorm(const View& x, const View* w, const View* b, int64_t size, double eps, const View& out);
/** Dense rows of `size`: rstd·(G − mean(G) − x̂·mean(G·x̂)), G = g·w (g when w is null). */
void layerNormBackward(const View& g, const View& x, const View* w, int64_t size, double eps, const View& out);
/** Σ over the dense rows of g·x̂, into `size` elements. */
void layerNormWeightGrad(const View& g, const View& x, int64_t size, double eps, const View& out);
/**
 * softmax(q·kᵀ·scale + mask)·v for 4-D q (B, H, L, E), k (B, H, S, E), v (B, H, S, Ev), any strides, into a dense
 * (B, H, L, Ev); mask null or (B, H, L, S) of bool (true: seen) or out's dtype (added); `causal`: query i sees keys
 * 0..i. A query that sees no key gets zeros.
 */
void attention(const View& q, const View& k, const View& v, const View* mask, bool causal, double scale, const View& out);

/** The weights of one pre-norm transformer block (GPT-2's); an absent bias or LayerNorm affine is null. */
struct PreNormBlock {
  const View *ln1w = nullptr, *ln1b = nullptr, *attnW = nullptr, *attnB = nullptr, *projW = nullptr, *projB = nullptr;
  const View *ln2w = nullptr, *ln2b = nullptr, *fcW = nullptr, *fcB = nullptr, *outW = nullptr, *outB = nullptr;
  int64_t heads = 1;
  double eps = 1e-5;
  bool tanhGelu = false;
};
/**
 * out = x1 + gelu(ln_2(x1)·W_fc + b)·W_proj + b with x1 = x + attn(ln_1(x)), for x (B, T, C) dense and out dense:
 * causal self-attention of the T new positions over `past` cached ones and themselves. kCache, vCache (B, H, cap, C/H)
 * of any strides receive the new keys and values at positions past..past+T-1 (null: no cache, past 0). Weights are
 * Conv1D-style (in, out) of any strides, biases and LayerNorm affines dense. Inference only (block.cc).
 */
void preNormBlockStep(const View& x, const PreNormBlock& w, const View* kCache, const View* vCache, int64_t past, const View& out);
/** Dense row-major strides of v's shape, into `strides`. */
inline void denseStrides(const View& v, int64_t* strides) {
  int64_t st = 1;
  for (int d = v.ndim - 1; d >= 0; d--) {
    strides[d] = st;
    st *= v.shape[d];
  }
}

/** Elements per thread below which element-wise kernels stay on one thread. */
constexpr int64_t kParallelGrain = 1 << 15;

}  // namespace lw
