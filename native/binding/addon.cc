// The Node-API surface of the addon: decodes typed arrays + a Float64Array of view metadata
// (per view: ndim, shape…, strides…, offset) into checked Views (call.h), calls the kernel, and turns any
// C++ exception into a JavaScript Error (RangeError for bad indices). Arrays are used in place. The fused
// transformer blocks' bindings are in blocks.cc.
#include <node_api.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <atomic>
#include <cmath>
#include <stdexcept>
#include <string>

#include "../core/threadpool.h"
#include "../core/view.h"
#include "../gemm/gemm.h"
#include "../kernels/conv.h"
#include "../kernels/kernels.h"
#include "../kernels/optim.h"
#include "../kernels/rnn.h"
#include "../kernels/random.h"
#include "call.h"

namespace lw {
namespace {

using Impl = napi_value (*)(napi_env, napi_callback_info);

/** Runs a binding function; a C++ exception becomes a thrown JavaScript error. */
template <Impl F> napi_value guarded(napi_env env, napi_callback_info info) {
  try {
    return F(env, info);
  } catch (const RangeError& e) {
    napi_throw_range_error(env, nullptr, e.what());
  } catch (const std::exception& e) {
    napi_throw_error(env, nullptr, e.what());
  } catch (...) {
    napi_throw_error(env, nullptr, "lernwerk native: unknown C++ exception");
  }
  return nullptr;
}

// (meta, out, a, b)
napi_value jsMatmul(napi_env env, napi_callback_info info) {
  Call c(env, info, 4);
  c.metaAt(0);
  View out = c.view(1, "matmul out"), a = c.view(2, "matmul a"), b = c.view(3, "matmul b");
  if (a.ndim != 3 || b.ndim != 3 || out.ndim != 3 || a.shape[2] != b.shape[1] || a.shape[0] != b.shape[0] ||
      out.shape[0] != a.shape[0] || out.shape[1] != a.shape[1] || out.shape[2] != b.shape[2] ||
      a.dtype != b.dtype || a.dtype != out.dtype)
    throw std::runtime_error("lernwerk native: matmul expects (B,M,K) @ (B,K,N) -> (B,M,N) of one dtype");
  if (a.dtype == DType::Bool) throw std::runtime_error("matmul: not implemented for dtype bool (as in PyTorch); convert the operands with .int() or .float()");
  matmul(a, b, out);
  return undefined(env);
}

// (meta, dst, src)
napi_value jsCopy(napi_env env, napi_callback_info info) {
  Call c(env, info, 3);
  c.metaAt(0);
  View dst = c.view(1, "copy destination"), src = c.view(2, "copy source");
  if (dst.ndim != src.ndim) throw std::runtime_error("lernwerk native: copy shapes differ");
  for (int d = 0; d < dst.ndim; d++)
    if (dst.shape[d] != src.shape[d]) throw std::runtime_error("lernwerk native: copy shapes differ");
  copyInto(dst, src);
  return undefined(env);
}

void sameShape(const View& a, const View& b, const char* op) {
  bool ok = a.ndim == b.ndim;
  for (int d = 0; ok && d < a.ndim; d++) ok = a.shape[d] == b.shape[d];
  if (!ok) throw std::runtime_error(std::string("lernwerk native: ") + op + ": shapes differ");
}

// (meta, op, out, x)
napi_value jsUnary(napi_env env, napi_callback_info info) {
  Call c(env, info, 4);
  c.metaAt(0);
  const int op = c.integer(1);
  View out = c.view(2, "unary out"), x = c.view(3, "unary x");
  sameShape(out, x, "unary");
  unary(op, x, out);
  return undefined(env);
}

// (meta, lo, hi, out, x)
napi_value jsClamp(napi_env env, napi_callback_info info) {
  Call c(env, info, 5);
  c.metaAt(0);
  const double lo = c.num(1), hi = c.num(2);
  View out = c.view(3, "clamp out"), x = c.view(4, "clamp x");
  sameShape(out, x, "clamp");
  clamp(x, lo, hi, out);
  return undefined(env);
}

// (meta, op, out, a, b)
napi_value jsBinary(napi_env env, napi_callback_info info) {
  Call c(env, info, 5);
  c.metaAt(0);
  const int op = c.integer(1);
  View out = c.view(2, "binary out"), a = c.view(3, "binary a"), b = c.view(4, "binary b");
  sameShape(out, a, "binary");
  sameShape(out, b, "binary");
  binary(op, a, b, out);
  return undefined(env);
}

// (meta, out, cond, a, b)
napi_value jsWhere(napi_env env, napi_callback_info info) {
  Call c(env, info, 5);
  c.metaAt(0);
  View out = c.view(1, "where out"), cond = c.view(2, "where cond"), a = c.view(3, "where a"), b = c.view(4, "where b");
  sameShape(out, cond, "where");
  sameShape(out, a, "where");
  sameShape(out, b, "where");
  where(cond, a, b, out);
  return undefined(env);
}

// (meta, op, reducedMask, out, x)
napi_value jsReduce(napi_env env, napi_callback_info info) {
  Call c(env, info, 5);
  c.metaAt(0);
  const int op = c.integer(1);
  const double mask = c.num(2);
  View out = c.view(3, "reduce out"), x = c.view(4, "reduce x");
  bool reduced[kMaxDims];
  int64_t kept = 1;
  for (int d = 0; d < x.ndim; d++) {
    reduced[d] = std::fmod(std::floor(mask / std::ldexp(1.0, d)), 2.0) == 1.0;
    if (!reduced[d]) kept *= x.shape[d];
  }
  if (out.numel() != kept) throw std::runtime_error("lernwerk native: reduce output size");
  reduce(op, x, reduced, out);
  return undefined(env);
}

int checkedDim(int dim, const View& x) {
  if (dim < 0 || dim >= x.ndim) throw std::runtime_error("lernwerk native: dim out of range");
  return dim;
}

// (meta, isMax, dim, out, x)
napi_value jsArgReduce(napi_env env, napi_callback_info info) {
  Call c(env, info, 5);
  c.metaAt(0);
  const bool isMax = c.boolean(1);
  const int dim = c.integer(2);
  View out = c.view(3, "argReduce out"), x = c.view(4, "argReduce x");
  checkedDim(dim, x);
  if (out.dtype != DType::I32 || out.numel() * x.shape[dim] != x.numel()) throw std::runtime_error("lernwerk native: argReduce output");
  argReduce(isMax, x, dim, out);
  return undefined(env);
}

// (meta, dim, out, x)
napi_value jsCumsum(napi_env env, napi_callback_info info) {
  Call c(env, info, 4);
  c.metaAt(0);
  const int dim = c.integer(1);
  View out = c.view(2, "cumsum out"), x = c.view(3, "cumsum x");
  checkedDim(dim, x);
  sameShape(out, x, "cumsum");
  cumsum(x, dim, out);
  return undefined(env);
}

/** Same rank, and every dim but `dim` no larger in `small` than in `big`. */
void fitsExceptDim(const View& small, const View& big, int dim, const char* op) {
  bool ok = small.ndim == big.ndim;
  for (int d = 0; ok && d < small.ndim; d++) ok = d == dim || small.shape[d] <= big.shape[d];
  if (!ok) throw std::runtime_error(std::string("lernwerk native: ") + op + ": index shape does not fit");
}

// (meta, dim, opName, out, x, index)
napi_value jsGather(napi_env env, napi_callback_info info) {
  Call c(env, info, 6);
  c.metaAt(0);
  const int dim = c.integer(1);
  const std::string op = c.str(2);
  View out = c.view(3, "gather out"), x = c.view(4, "gather x"), index = c.view(5, "gather index");
  checkedDim(dim, x);
  fitsExceptDim(index, x, dim, op.c_str());
  sameShape(out, index, op.c_str());
  if (out.dtype != x.dtype) throw std::runtime_error("lernwerk native: gather dtype");
  gather(x, dim, index, out, op);
  return undefined(env);
}

// (meta, dim, accumulate, opName, out, index, src)
napi_value jsScatter(napi_env env, napi_callback_info info) {
  Call c(env, info, 7);
  c.metaAt(0);
  const int dim = c.integer(1);
  const bool accumulate = c.boolean(2);
  const std::string op = c.str(3);
  View out = c.view(4, "scatter out"), index = c.view(5, "scatter index"), src = c.view(6, "scatter src");
  checkedDim(dim, out);
  fitsExceptDim(index, out, dim, op.c_str());
  fitsExceptDim(index, src, -1, op.c_str());
  scatter(out, dim, index, src, accumulate, op);
  return undefined(env);
}

// (meta, dim, opName, out, x, index)
napi_value jsIndexSelect(napi_env env, napi_callback_info info) {
  Call c(env, info, 6);
  c.metaAt(0);
  const int dim = c.integer(1);
  const std::string op = c.str(2);
  View out = c.view(3, "indexSelect out"), x = c.view(4, "indexSelect x"), index = c.view(5, "indexSelect index");
  checkedDim(dim, x);
  const int64_t n = index.numel();
  bool ok = out.ndim == x.ndim && out.dtype == x.dtype;
  for (int d = 0; ok && d < x.ndim; d++) ok = out.shape[d] == (d == dim ? n : x.shape[d]);
  if (!ok) throw std::runtime_error("lernwerk native: indexSelect output shape");
  indexSelect(x, dim, index, out, op);
  return undefined(env);
}

// (meta, dim, opName, out, index, src)
napi_value jsIndexAdd(napi_env env, napi_callback_info info) {
  Call c(env, info, 6);
  c.metaAt(0);
  const int dim = c.integer(1);
  const std::string op = c.str(2);
  View out = c.view(3, "indexAdd out"), index = c.view(4, "indexAdd index"), src = c.view(5, "indexAdd src");
  checkedDim(dim, out);
  bool ok = src.ndim == out.ndim;
  for (int d = 0; ok && d < out.ndim; d++) ok = src.shape[d] == (d == dim ? index.numel() : out.shape[d]);
  if (!ok) throw std::runtime_error("lernwerk native: indexAdd source shape");
  indexAdd(out, dim, index, src, op);
  return undefined(env);
}


// (meta, outer, len, inner, log, out, x): dense (outer, len, inner), along len
napi_value jsSoftmax(napi_env env, napi_callback_info info) {
  Call c(env, info, 7);
  c.metaAt(0);
  const int64_t outer = static_cast<int64_t>(c.num(1)), len = static_cast<int64_t>(c.num(2)), inner = static_cast<int64_t>(c.num(3));
  const bool log = c.boolean(4);
  View out = c.view(5, "softmax out"), x = c.view(6, "softmax x");
  const int64_t causalRows = c.argc > 7 ? static_cast<int64_t>(c.num(7)) : 0;
  const int64_t n = outer * len * inner;
  denseRun(out, n, out.dtype, "softmax");
  denseRun(x, n, out.dtype, "softmax");
  if (causalRows < 0 || (causalRows > 0 && inner != 1)) throw std::runtime_error("lernwerk native: softmax: a causal softmax runs along the last dim");
  softmax(x, outer, len, inner, log, out, causalRows);
  return undefined(env);
}

// (meta, outer, len, inner, log, out, g, y)
napi_value jsSoftmaxBackward(napi_env env, napi_callback_info info) {
  Call c(env, info, 8);
  c.metaAt(0);
  const int64_t outer = static_cast<int64_t>(c.num(1)), len = static_cast<int64_t>(c.num(2)), inner = static_cast<int64_t>(c.num(3));
  const bool log = c.boolean(4);
  View out = c.view(5, "softmaxBackward out"), g = c.view(6, "softmaxBackward g"), y = c.view(7, "softmaxBackward y");
  const int64_t n = outer * len * inner;
  denseRun(out, n, out.dtype, "softmaxBackward");
  denseRun(g, n, out.dtype, "softmaxBackward");
  denseRun(y, n, out.dtype, "softmaxBackward");
  softmaxBackward(g, y, outer, len, inner, log, out);
  return undefined(env);
}

// (meta, tanh, out, x): any strides
napi_value jsGelu(napi_env env, napi_callback_info info) {
  Call c(env, info, 4);
  c.metaAt(0);
  const bool tanhForm = c.boolean(1);
  View out = c.view(2, "gelu out"), x = c.view(3, "gelu x");
  sameShape(out, x, "gelu");
  if (x.dtype != out.dtype) throw std::runtime_error("lernwerk native: gelu: dtypes differ");
  gelu(x, tanhForm, out);
  return undefined(env);
}

// (meta, tanh, out, g, x): any strides
napi_value jsGeluBackward(napi_env env, napi_callback_info info) {
  Call c(env, info, 5);
  c.metaAt(0);
  const bool tanhForm = c.boolean(1);
  View out = c.view(2, "geluBackward out"), g = c.view(3, "geluBackward g"), x = c.view(4, "geluBackward x");
  sameShape(out, g, "geluBackward");
  sameShape(out, x, "geluBackward");
  if (x.dtype != out.dtype || g.dtype != out.dtype) throw std::runtime_error("lernwerk native: geluBackward: dtypes differ");
  geluBackward(g, x, tanhForm, out);
  return undefined(env);
}

// (meta, out, g, y): any strides
napi_value jsReluBackward(napi_env env, napi_callback_info info) {
  Call c(env, info, 4);
  c.metaAt(0);
  View out = c.view(1, "reluBackward out"), g = c.view(2, "reluBackward g"), y = c.view(3, "reluBackward y");
  sameShape(out, g, "reluBackward");
  sameShape(out, y, "reluBackward");
  if (y.dtype != out.dtype || g.dtype != out.dtype) throw std::runtime_error("lernwerk native: reluBackward: dtypes differ");
  reluBackward(g, y, out);
  return undefined(env);
}

// (meta, size, eps, hasWeight, hasBias, out, x[, weight][, bias]): dense rows of size
napi_value jsLayerNorm(napi_env env, napi_callback_info info) {
  Call c(env, info, 7);
  c.metaAt(0);
  const int64_t size = static_cast<int64_t>(c.num(1));
  const double eps = c.num(2);
  const bool hasW = c.boolean(3), hasB = c.boolean(4);
  View out = c.view(5, "layerNorm out"), x = c.view(6, "layerNorm x"), w, b;
  size_t at = 7;
  if (hasW) w = c.view(at++, "layerNorm weight");
  if (hasB) b = c.view(at++, "layerNorm bias");
  const int64_t n = out.numel();
  if (size < 1 || n % size != 0) throw std::runtime_error("lernwerk native: layerNorm: rows do not divide the input");
  denseRun(out, n, out.dtype, "layerNorm");
  denseRun(x, n, out.dtype, "layerNorm");
  if (hasW) denseRun(w, size, out.dtype, "layerNorm weight");
  if (hasB) denseRun(b, size, out.dtype, "layerNorm bias");
  layerNorm(x, hasW ? &w : nullptr, hasB ? &b : nullptr, size, eps, out);
  return undefined(env);
}

// (meta, size, eps, hasWeight, out, g, x[, weight])
napi_value jsLayerNormBackward(napi_env env, napi_callback_info info) {
  Call c(env, info, 7);
  c.metaAt(0);
  const int64_t size = static_cast<int64_t>(c.num(1));
  const double eps = c.num(2);
  const bool hasW = c.boolean(3);
  View out = c.view(4, "layerNormBackward out"), g = c.view(5, "layerNormBackward g"), x = c.view(6, "layerNormBackward x"), w;
  if (hasW) w = c.view(7, "layerNormBackward weight");
  const int64_t n = out.numel();
  if (size < 1 || n % size != 0) throw std::runtime_error("lernwerk native: layerNormBackward: rows do not divide the input");
  denseRun(out, n, out.dtype, "layerNormBackward");
  denseRun(g, n, out.dtype, "layerNormBackward");
  denseRun(x, n, out.dtype, "layerNormBackward");
  if (hasW) denseRun(w, size, out.dtype, "layerNormBackward weight");
  layerNormBackward(g, x, hasW ? &w : nullptr, size, eps, out);
  return undefined(env);
}

// (meta, size, eps, out, g, x): out has size elements
napi_value jsLayerNormWeightGrad(napi_env env, napi_callback_info info) {
  Call c(env, info, 6);
  c.metaAt(0);
  const int64_t size = static_cast<int64_t>(c.num(1));
  const double eps = c.num(2);
  View out = c.view(3, "layerNormWeightGrad out"), g = c.view(4, "layerNormWeightGrad g"), x = c.view(5, "layerNormWeightGrad x");
  const int64_t n = x.numel();
  if (size < 1 || n % size != 0) throw std::runtime_error("lernwerk native: layerNormWeightGrad: rows do not divide the input");
  denseRun(out, size, out.dtype, "layerNormWeightGrad");
  denseRun(g, n, out.dtype, "layerNormWeightGrad");
  denseRun(x, n, out.dtype, "layerNormWeightGrad");
  layerNormWeightGrad(g, x, size, eps, out);
  return undefined(env);
}

// ---- fused LSTM cell: 2-D operands of any strides, out dense, one float dtype ----


// (meta, causal, scale, hasMask, out, q, k, v[, mask]): 4-D views (B, H, L, E), (B, H, S, E), (B, H, S, Ev), mask (B, H, L, S)
napi_value jsAttention(napi_env env, napi_callback_info info) {
  Call c(env, info, 8);
  c.metaAt(0);
  const bool causal = c.boolean(1), hasMask = c.boolean(3);
  const double scale = c.num(2);
  View out = c.view(4, "attention out"), q = c.view(5, "attention q"), k = c.view(6, "attention k"), v = c.view(7, "attention v"), m;
  if (hasMask) m = c.view(8, "attention mask");
  if (q.ndim != 4 || k.ndim != 4 || v.ndim != 4 || (hasMask && m.ndim != 4)) throw std::runtime_error("lernwerk native: attention: operands must be 4-D");
  const int64_t B = q.shape[0], H = q.shape[1], L = q.shape[2], E = q.shape[3], S = k.shape[2], Ev = v.shape[3];
  const bool shapesOk = k.shape[0] == B && k.shape[1] == H && k.shape[3] == E && v.shape[0] == B && v.shape[1] == H && v.shape[2] == S &&
                        (!hasMask || (m.shape[0] == B && m.shape[1] == H && m.shape[2] == L && m.shape[3] == S));
  if (!shapesOk) throw std::runtime_error("lernwerk native: attention: operand shapes do not agree");
  denseOut(out, {B, H, L, Ev}, "attention");
  if (q.dtype != out.dtype || k.dtype != out.dtype || v.dtype != out.dtype || (hasMask && m.dtype != out.dtype && m.dtype != DType::Bool))
    throw std::runtime_error("lernwerk native: attention: dtypes differ");
  attention(q, k, v, hasMask ? &m : nullptr, causal, scale, out);
  return undefined(env);
}

// (meta, out, xp, h0, c0, whh): out (2, T+1, B, H)
napi_value jsLstmSequence(napi_env env, napi_callback_info info) {
  Call c(env, info, 6);
  c.metaAt(0);
  View out = c.view(1, "lstmSequence out"), xp = c.view(2, "lstmSequence xp"), h0 = c.view(3, "lstmSequence h0"), c0 = c.view(4, "lstmSequence c0"), whh = c.view(5, "lstmSequence W_hh");
  if (xp.ndim != 3 || h0.ndim != 2) throw std::runtime_error("lernwerk native: lstmSequence: xp must be (T, B, 4H) and h0 (B, H)");
  const int64_t T = xp.shape[0], B = xp.shape[1], H = h0.shape[1];
  const DType d = out.dtype;
  denseOut(out, {2, T + 1, B, H}, "lstmSequence");
  if (xp.dtype != d || xp.shape[2] != 4 * H) throw std::runtime_error("lernwerk native: lstmSequence xp: expected (T, B, 4H) of the output's dtype");
  matrixOf(h0, B, H, d, "lstmSequence h0");
  matrixOf(c0, B, H, d, "lstmSequence c0");
  matrixOf(whh, 4 * H, H, d, "lstmSequence W_hh");
  lstmSequence(xp, h0, c0, whh, out);
  return undefined(env);
}

// (meta, out, g, xp, whh, y): g and y dense (2, T+1, B, H); out flat
napi_value jsLstmSequenceBackward(napi_env env, napi_callback_info info) {
  Call c(env, info, 6);
  c.metaAt(0);
  View out = c.view(1, "lstmSequenceBackward out"), g = c.view(2, "lstmSequenceBackward g"), xp = c.view(3, "lstmSequenceBackward xp"),
       whh = c.view(4, "lstmSequenceBackward W_hh"), y = c.view(5, "lstmSequenceBackward y");
  if (xp.ndim != 3 || whh.ndim != 2) throw std::runtime_error("lernwerk native: lstmSequenceBackward: xp must be (T, B, 4H) and W_hh (4H, H)");
  const int64_t T = xp.shape[0], B = xp.shape[1], H = whh.shape[1];
  const DType d = out.dtype;
  if (xp.dtype != d || xp.shape[2] != 4 * H) throw std::runtime_error("lernwerk native: lstmSequenceBackward xp: expected (T, B, 4H) of the output's dtype");
  matrixOf(whh, 4 * H, H, d, "lstmSequenceBackward W_hh");
  denseOut(g, {2, T + 1, B, H}, "lstmSequenceBackward g");
  denseOut(y, {2, T + 1, B, H}, "lstmSequenceBackward y");
  if (g.dtype != d || y.dtype != d || g.offset != 0 || y.offset != 0) throw std::runtime_error("lernwerk native: lstmSequenceBackward: g and y must be whole dense arrays of the output's dtype");
  denseOut(out, {T * B * 4 * H + 2 * B * H + 4 * H * H}, "lstmSequenceBackward");
  lstmSequenceBackward(g, xp, whh, y, out);
  return undefined(env);
}


/** The LSTM cell's operands from argv[at…]: xp, hp (B, 4H), c (B, H) and, when hasBias, the bias (4H, broadcast). */
struct LstmOperands {
  View xp, hp, c, b;
  int64_t B = 0, H = 0;
};
LstmOperands lstmOperands(Call& call, size_t at, bool hasBias, DType dtype, const std::string& op) {
  LstmOperands o;
  o.xp = call.view(at, (op + " xp").c_str());
  o.hp = call.view(at + 1, (op + " hp").c_str());
  o.c = call.view(at + 2, (op + " c").c_str());
  if (o.c.ndim != 2) throw std::runtime_error("lernwerk native: " + op + ": c must be (B, H)");
  o.B = o.c.shape[0], o.H = o.c.shape[1];
  matrixOf(o.xp, o.B, 4 * o.H, dtype, (op + " xp").c_str());
  matrixOf(o.hp, o.B, 4 * o.H, dtype, (op + " hp").c_str());
  matrixOf(o.c, o.B, o.H, dtype, (op + " c").c_str());
  if (hasBias) {
    if (call.argc < at + 4) throw std::runtime_error("lernwerk native: " + op + ": bias missing");
    o.b = call.view(at + 3, (op + " bias").c_str());
    matrixOf(o.b, o.B, 4 * o.H, dtype, (op + " bias").c_str());
  }
  return o;
}

// (meta, hasBias, out (2, B, H), xp, hp, c[, bias])
napi_value jsLstmCell(napi_env env, napi_callback_info info) {
  Call c(env, info, 6);
  c.metaAt(0);
  const bool hasBias = c.boolean(1);
  View out = c.view(2, "lstmCell out");
  const LstmOperands o = lstmOperands(c, 3, hasBias, out.dtype, "lstmCell");
  denseOut(out, {2, o.B, o.H}, "lstmCell");
  lstmCell(o.xp, o.hp, o.c, hasBias ? &o.b : nullptr, out);
  return undefined(env);
}

// (meta, hasBias, out (B, 5H), dy (2, B, H), xp, hp, c[, bias])
napi_value jsLstmCellBackward(napi_env env, napi_callback_info info) {
  Call c(env, info, 7);
  c.metaAt(0);
  const bool hasBias = c.boolean(1);
  View out = c.view(2, "lstmCellBackward out"), dy = c.view(3, "lstmCellBackward dy");
  const LstmOperands o = lstmOperands(c, 4, hasBias, out.dtype, "lstmCellBackward");
  denseOut(out, {o.B, 5 * o.H}, "lstmCellBackward");
  if (dy.dtype != out.dtype || dy.ndim != 3 || dy.shape[0] != 2 || dy.shape[1] != o.B || dy.shape[2] != o.H)
    throw std::runtime_error("lernwerk native: lstmCellBackward dy: expected a (2, B, H) array of the output's dtype");
  lstmCellBackward(dy, o.xp, o.hp, o.c, hasBias ? &o.b : nullptr, out);
  return undefined(env);
}

// ---- sliding windows and optimizer steps: views first in the metadata, then the numeric parameters ----

/** kH, kW, sh, sw, dh, dw, padTop, padBottom, padLeft, padRight, ceilMode: the 11 numbers after the views. */
Window windowAt(Call& c) {
  Window g;
  int64_t* f[] = {&g.kH, &g.kW, &g.sh, &g.sw, &g.dh, &g.dw, &g.padTop, &g.padBottom, &g.padLeft, &g.padRight};
  for (int64_t* v : f) *v = static_cast<int64_t>(c.next());
  g.ceilMode = c.next() != 0;
  return g;
}

/** (meta: out, input, window; out, input): one of conv.h's kernels, kernel(input, window, out). */
napi_value windowCall(napi_env env, napi_callback_info info, void (*kernel)(const View&, const Window&, const View&), const char* outName, const char* inName) {
  Call c(env, info, 3);
  c.metaAt(0);
  View out = c.view(1, outName), in = c.view(2, inName);
  kernel(in, windowAt(c), out);
  return undefined(env);
}
napi_value jsIm2col(napi_env env, napi_callback_info info) { return windowCall(env, info, im2col, "im2col out", "im2col x"); }
napi_value jsCol2im(napi_env env, napi_callback_info info) { return windowCall(env, info, col2im, "col2im out", "col2im cols"); }
napi_value jsMaxPool2dIndices(napi_env env, napi_callback_info info) {
  return windowCall(env, info, maxPool2dIndices, "maxPool2d out", "maxPool2d x");
}
// (meta: indices, x, values; window; indices, x, values): the indices and the maxima in one pass
napi_value jsMaxPool2d(napi_env env, napi_callback_info info) {
  Call c(env, info, 4);
  c.metaAt(0);
  View out = c.view(1, "maxPool2d indices"), x = c.view(2, "maxPool2d x"), values = c.view(3, "maxPool2d values");
  maxPool2d(x, windowAt(c), out, &values);
  return undefined(env);
}

// (meta: out, a, b[, bias]; then the 11 window numbers and groups; out, a, b[, bias]): one of the per-image convolutions
napi_value jsConv2d(napi_env env, napi_callback_info info) {
  Call c(env, info, 4);
  c.metaAt(0);
  View out = c.view(1, "conv2d out"), x = c.view(2, "conv2d x"), w = c.view(3, "conv2d weight");
  const bool hasBias = c.argc > 4;
  View bias;
  if (hasBias) bias = c.view(4, "conv2d bias");
  const Window g = windowAt(c);
  conv2d(x, w, hasBias ? &bias : nullptr, g, static_cast<int64_t>(c.next()), out);
  return undefined(env);
}
/** One of conv2d's two gradients: (meta as jsConv2d; out, g, w or x), kernel(g, w or x, window, groups, out). */
napi_value convGradCall(napi_env env, napi_callback_info info, void (*kernel)(const View&, const View&, const Window&, int64_t, const View&), const char* op) {
  Call c(env, info, 4);
  c.metaAt(0);
  const std::string name(op);
  View out = c.view(1, (name + " out").c_str()), gy = c.view(2, (name + " g").c_str()), other = c.view(3, (name + " operand").c_str());
  const Window g = windowAt(c);
  kernel(gy, other, g, static_cast<int64_t>(c.next()), out);
  return undefined(env);
}
napi_value jsConv2dInputGrad(napi_env env, napi_callback_info info) { return convGradCall(env, info, conv2dInputGrad, "conv2dInputGrad"); }
napi_value jsConv2dWeightGrad(napi_env env, napi_callback_info info) { return convGradCall(env, info, conv2dWeightGrad, "conv2dWeightGrad"); }

// (meta: out, x, index; out, x, index): x (N, C, H, W) at the int32 plane indices (N, C, OH, OW)
napi_value jsPlaneGather(napi_env env, napi_callback_info info) {
  Call c(env, info, 4);
  c.metaAt(0);
  View out = c.view(1, "planeGather out"), x = c.view(2, "planeGather x"), index = c.view(3, "planeGather index");
  planeGather(x, index, out);
  return undefined(env);
}
// (meta: out, g, index; out, g, index): g added onto zero planes (N, C, H, W) at the int32 indices
napi_value jsPlaneScatterAdd(napi_env env, napi_callback_info info) {
  Call c(env, info, 4);
  c.metaAt(0);
  View out = c.view(1, "planeScatterAdd out"), g = c.view(2, "planeScatterAdd g"), index = c.view(3, "planeScatterAdd index");
  planeScatterAdd(g, index, out);
  return undefined(env);
}

/** The next metadata numbers into `nums`, then into `flags` (non-zero is true). */
void scalarsAt(Call& c, std::initializer_list<double*> nums, std::initializer_list<bool*> flags) {
  for (double* v : nums) *v = c.next();
  for (bool* b : flags) *b = c.next() != 0;
}

// (meta: p, g, buf, sign, weightDecay, momentum, dampening1, alpha, useWeightDecay, useMomentum, first, nesterov; p, g, buf)
napi_value jsSgdStep(napi_env env, napi_callback_info info) {
  Call c(env, info, 4);
  c.metaAt(0);
  View p = c.view(1, "sgd param"), g = c.view(2, "sgd grad"), buf = c.view(3, "sgd momentum buffer");
  SgdStep s;
  scalarsAt(c, {&s.sign, &s.weightDecay, &s.momentum, &s.dampening1, &s.alpha}, {&s.useWeightDecay, &s.useMomentum, &s.first, &s.nesterov});
  sgdStep(p, g, s.useMomentum ? &buf : nullptr, s);
  return undefined(env);
}

// (meta: p, g, m, v, maxV, sign, weightDecay, decay, beta1, beta2, c1, c2, eps, bc2Sqrt, alpha, amsgrad, decoupled, l2; p, g, m, v, maxV)
napi_value jsAdamStep(napi_env env, napi_callback_info info) {
  Call c(env, info, 6);
  c.metaAt(0);
  View p = c.view(1, "adam param"), g = c.view(2, "adam grad"), m = c.view(3, "adam expAvg"), v = c.view(4, "adam expAvgSq"),
       x = c.view(5, "adam maxExpAvgSq");
  AdamStep s;
  scalarsAt(c, {&s.sign, &s.weightDecay, &s.decay, &s.beta1, &s.beta2, &s.c1, &s.c2, &s.eps, &s.bc2Sqrt, &s.alpha}, {&s.amsgrad, &s.decoupled, &s.l2});
  adamStep(p, g, m, v, s.amsgrad ? &x : nullptr, s);
  return undefined(env);
}

// (meta: p, g, sq, gAvg, buf, sign, weightDecay, smoothing, c, eps, momentum, alpha, useWeightDecay, centered, useMomentum; p, g, sq, gAvg, buf)
napi_value jsRmspropStep(napi_env env, napi_callback_info info) {
  Call c(env, info, 6);
  c.metaAt(0);
  View p = c.view(1, "rmsprop param"), g = c.view(2, "rmsprop grad"), sq = c.view(3, "rmsprop squareAvg"),
       ga = c.view(4, "rmsprop gradAvg"), buf = c.view(5, "rmsprop momentumBuffer");
  RmspropStep s;
  scalarsAt(c, {&s.sign, &s.weightDecay, &s.smoothing, &s.c, &s.eps, &s.momentum, &s.alpha}, {&s.useWeightDecay, &s.centered, &s.useMomentum});
  rmspropStep(p, g, sq, s.centered ? &ga : nullptr, s.useMomentum ? &buf : nullptr, s);
  return undefined(env);
}

// (meta: out; k0, k1, counter, out): Philox uniforms into a dense 1-D float array
napi_value jsPhiloxUniform(napi_env env, napi_callback_info info) {
  Call c(env, info, 5);
  c.metaAt(0);
  const double k0 = c.num(1), k1 = c.num(2), counter = c.num(3);
  if (!(k0 >= 0 && k0 < 4294967296.0 && k1 >= 0 && k1 < 4294967296.0 && counter >= 0 && counter <= 9007199254740992.0))
    throw std::runtime_error("lernwerk native: philoxUniform: key words must be uint32 and the counter a safe integer");
  View out = c.view(4, "philoxUniform out");
  philoxUniform(static_cast<uint32_t>(k0), static_cast<uint32_t>(k1), static_cast<uint64_t>(counter), out);
  return undefined(env);
}

// (nTasks, throwAt, nested): runs nTasks pool tasks that count themselves (each also running a nested job of nTasks
// when `nested`), task throwAt throwing; returns the count. For the tests of the thread pool.
napi_value jsPoolSelfTest(napi_env env, napi_callback_info info) {
  Call c(env, info, 3);
  const int n = c.integer(0), throwAt = c.integer(1);
  const bool nested = c.boolean(2);
  std::atomic<int64_t> count{0};
  parallelRun(n, [&](int t, int) {
    if (nested) parallelRun(n, [&](int, int) { count.fetch_add(1); });
    count.fetch_add(1);
    if (t == throwAt) throw std::runtime_error("lernwerk native: pool self-test task " + std::to_string(t) + " failed");
  });
  napi_value v;
  napi_create_double(env, static_cast<double>(count.load()), &v);
  return v;
}

napi_value strArray(napi_env env, const char* const* names, size_t n) {
  napi_value arr;
  napi_create_array_with_length(env, n, &arr);
  for (size_t i = 0; i < n; i++) {
    napi_value s;
    napi_create_string_utf8(env, names[i], NAPI_AUTO_LENGTH, &s);
    napi_set_element(env, arr, static_cast<uint32_t>(i), s);
  }
  return arr;
}

napi_value jsInfo(napi_env env, napi_callback_info) {
  napi_value o, v;
  napi_create_object(env, &o);
  const std::string isa = gemmIsa(), isas = gemmIsasAvailable();
  napi_create_string_utf8(env, isa.c_str(), NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, o, "isa", v);
  napi_create_string_utf8(env, isas.c_str(), NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, o, "isas", v);
  napi_create_int32(env, numThreads(), &v);
  napi_set_named_property(env, o, "threads", v);
  napi_set_named_property(env, o, "unaryOps", strArray(env, kUnaryNames, sizeof kUnaryNames / sizeof *kUnaryNames));
  napi_set_named_property(env, o, "binaryOps", strArray(env, kBinaryNames, sizeof kBinaryNames / sizeof *kBinaryNames));
  return o;
}

napi_value jsSetIsa(napi_env env, napi_callback_info info) {
  Call c(env, info, 1);
  setGemmIsa(c.str(0));
  return undefined(env);
}

napi_value jsSetNumThreads(napi_env env, napi_callback_info info) {
  Call c(env, info, 1);
  setNumThreads(c.integer(0));
  return undefined(env);
}

}  // namespace
}  // namespace lw

NAPI_MODULE_INIT() {
  using namespace lw;
#if defined(__GLIBC__)
  // Tensors are large, short-lived ArrayBuffers: keep freed ones in the heap for reuse instead of mmap/munmap per
  // allocation, whose page faults cost more than the kernels writing them (8 MB: 12.7 ms fresh vs 2.2 ms reused).
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
#endif
  const napi_property_descriptor fns[] = {
      {"matmul", nullptr, guarded<jsMatmul>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"copy", nullptr, guarded<jsCopy>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"unary", nullptr, guarded<jsUnary>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"clamp", nullptr, guarded<jsClamp>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"binary", nullptr, guarded<jsBinary>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"where", nullptr, guarded<jsWhere>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"reduce", nullptr, guarded<jsReduce>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"argReduce", nullptr, guarded<jsArgReduce>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"cumsum", nullptr, guarded<jsCumsum>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gather", nullptr, guarded<jsGather>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"scatter", nullptr, guarded<jsScatter>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"indexSelect", nullptr, guarded<jsIndexSelect>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"indexAdd", nullptr, guarded<jsIndexAdd>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"softmax", nullptr, guarded<jsSoftmax>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"softmaxBackward", nullptr, guarded<jsSoftmaxBackward>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gelu", nullptr, guarded<jsGelu>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"preNormStackStep", nullptr, guarded<jsPreNormStackStep>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gptDecoderPrepare", nullptr, guarded<jsGptDecoderPrepare>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gptDecoderRun", nullptr, guarded<jsGptDecoderRun>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gptDecoderRelease", nullptr, guarded<jsGptDecoderRelease>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"geluBackward", nullptr, guarded<jsGeluBackward>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"reluBackward", nullptr, guarded<jsReluBackward>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"attention", nullptr, guarded<jsAttention>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"layerNorm", nullptr, guarded<jsLayerNorm>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"layerNormBackward", nullptr, guarded<jsLayerNormBackward>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"layerNormWeightGrad", nullptr, guarded<jsLayerNormWeightGrad>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"lstmCell", nullptr, guarded<jsLstmCell>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"lstmSequence", nullptr, guarded<jsLstmSequence>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"lstmSequenceBackward", nullptr, guarded<jsLstmSequenceBackward>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"lstmCellBackward", nullptr, guarded<jsLstmCellBackward>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"im2col", nullptr, guarded<jsIm2col>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"col2im", nullptr, guarded<jsCol2im>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2d", nullptr, guarded<jsConv2d>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2dInputGrad", nullptr, guarded<jsConv2dInputGrad>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2dWeightGrad", nullptr, guarded<jsConv2dWeightGrad>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"maxPool2dIndices", nullptr, guarded<jsMaxPool2dIndices>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"maxPool2d", nullptr, guarded<jsMaxPool2d>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"planeGather", nullptr, guarded<jsPlaneGather>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"planeScatterAdd", nullptr, guarded<jsPlaneScatterAdd>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sgdStep", nullptr, guarded<jsSgdStep>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"adamStep", nullptr, guarded<jsAdamStep>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"rmspropStep", nullptr, guarded<jsRmspropStep>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"philoxUniform", nullptr, guarded<jsPhiloxUniform>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"poolSelfTest", nullptr, guarded<jsPoolSelfTest>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"info", nullptr, guarded<jsInfo>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setIsa", nullptr, guarded<jsSetIsa>, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setNumThreads", nullptr, guarded<jsSetNumThreads>, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof fns / sizeof *fns, fns);
  napi_add_env_cleanup_hook(env, [](void*) { shutdownPool(); }, nullptr);
  return exports;
}
