// The bindings of the fused transformer blocks (native/kernels/block.cc): a stack of pre-norm blocks in one call,
// and a GPT decoder (embeddings, the blocks, ln_f, the logits) prepared once and run step by step. Every operand
// is checked before a kernel runs.
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "../core/dtype.h"
#include "../gemm/gemm.h"
#include "../kernels/kernels.h"
#include "../kernels/scratch.h"
#include "call.h"

namespace lw {
namespace {

/** One block's weights and caches as read from the arguments; `w` points into `arrays`, so it is never copied. */
struct BlockOperands {
  View kc, vc, arrays[12];
  PreNormBlock w;
  BlockOperands() = default;
  BlockOperands(const BlockOperands&) = delete;
};

/** The numbers every call of a block stack starts with: (meta, past, heads, eps, tanhGelu, present, hasCache, layers). */
struct StackArgs {
  int64_t past, heads, layers;
  double eps;
  bool tanhGelu, hasCache;
  int present;
  explicit StackArgs(Call& c)
      : past(static_cast<int64_t>(c.num(1))), heads(static_cast<int64_t>(c.num(2))), layers(static_cast<int64_t>(c.num(7))), eps(c.num(3)),
        tanhGelu(c.boolean(4)), hasCache(c.boolean(6)), present(c.integer(5)) {
    if (layers < 1 || layers > 4096) throw std::runtime_error("lernwerk native: preNormBlockStep: expected 1 to 4096 layers");
    if (!hasCache && past != 0) throw std::runtime_error("lernwerk native: preNormBlockStep: past positions need a cache");
  }
};

/**
 * Per layer from argv[at…]: [kCache, vCache,] ln1w?, ln1b?, attnW, attnB?, projW, projB?, ln2w?, ln2b?, fcW, fcB?,
 * outW, outB?; bit i of `present` says whether the i-th optional array (ln1w, ln1b, attnB, projB, ln2w, ln2b, fcB,
 * outB) is passed, the same for every layer. Each is checked against the activations (B, T, C) of dtype d.
 */
std::unique_ptr<BlockOperands[]> readBlocks(Call& c, size_t& at, const StackArgs& a, int64_t B, int64_t T, int64_t C, DType d) {
  const int64_t H = a.heads;
  if (H < 1 || C % H != 0) throw std::runtime_error("lernwerk native: preNormBlockStep: heads must divide the channels");
  const char* names[12] = {"ln_1 weight", "ln_1 bias", "c_attn weight", "c_attn bias", "attn c_proj weight", "attn c_proj bias",
                           "ln_2 weight", "ln_2 bias", "c_fc weight", "c_fc bias", "mlp c_proj weight", "mlp c_proj bias"};
  const bool required[12] = {false, false, true, false, true, false, false, false, true, false, true, false};
  std::unique_ptr<BlockOperands[]> blocks(new BlockOperands[static_cast<size_t>(a.layers)]);
  for (int64_t l = 0; l < a.layers; l++) {
    BlockOperands& b = blocks[l];
    PreNormBlock& w = b.w;
    w.heads = H, w.eps = a.eps, w.tanhGelu = a.tanhGelu;
    if (a.hasCache) {
      if (at + 2 > c.argc) throw std::runtime_error("lernwerk native: preNormBlockStep: caches missing");
      b.kc = c.view(at++, "block key cache"), b.vc = c.view(at++, "block value cache");
      for (const View* cache : {&b.kc, &b.vc})
        if (cache->dtype != d || cache->ndim != 4 || cache->shape[0] != B || cache->shape[1] != H || cache->shape[3] != C / H || a.past < 0 || a.past + T > cache->shape[2])
          throw std::runtime_error("lernwerk native: preNormBlockStep: the caches must be (B, H, capacity, C/H) of x's dtype with room for past + T positions");
    }
    const View** slots[12] = {&w.ln1w, &w.ln1b, &w.attnW, &w.attnB, &w.projW, &w.projB, &w.ln2w, &w.ln2b, &w.fcW, &w.fcB, &w.outW, &w.outB};
    for (int i = 0, bit = 0; i < 12; i++) {
      if (!required[i] && !(a.present & (1 << bit++))) continue;
      if (at >= c.argc) throw std::runtime_error(std::string("lernwerk native: preNormBlockStep: ") + names[i] + " missing");
      b.arrays[i] = c.view(at++, names[i]);
      *slots[i] = &b.arrays[i];
    }
    const int64_t inner = w.fcW->shape[1];
    matrixOf(*w.attnW, C, 3 * C, d, "preNormBlockStep c_attn weight");
    matrixOf(*w.projW, C, C, d, "preNormBlockStep attn c_proj weight");
    matrixOf(*w.fcW, C, inner, d, "preNormBlockStep c_fc weight");
    matrixOf(*w.outW, inner, C, d, "preNormBlockStep mlp c_proj weight");
    const std::pair<const View*, int64_t> vectors[8] = {{w.ln1w, C}, {w.ln1b, C}, {w.attnB, 3 * C}, {w.projB, C}, {w.ln2w, C}, {w.ln2b, C}, {w.fcB, inner}, {w.outB, C}};
    for (const auto& [v, n] : vectors)
      if (v) denseRun(*v, n, d, "preNormBlockStep bias or LayerNorm affine");
  }
  return blocks;
}

/** The blocks in turn on x (B, T, C), each on the last one's output (two scratch arrays), the last into out. */
void runBlocks(const View& x, const BlockOperands* blocks, const StackArgs& a, const View& out, Scratch& s) {
  const int64_t B = x.shape[0], T = x.shape[1], C = x.shape[2];
  const View ping[2] = {a.layers > 1 ? s.make({B, T, C}) : out, a.layers > 2 ? s.make({B, T, C}) : out};
  View cur = x;
  for (int64_t l = 0; l < a.layers; l++) {
    const View next = l + 1 == a.layers ? out : ping[l % 2];
    preNormBlockStep(cur, blocks[l].w, a.hasCache ? &blocks[l].kc : nullptr, a.hasCache ? &blocks[l].vc : nullptr, a.past, next);
    cur = next;
  }
}

/**
 * A GPT decoder's weights and caches, read and checked once: hidden = ln_f(blocks(wte[ids] + wpe[past + t])) and
 * logits = hidden·headᵀ for any number of steps. While it lives it holds references to its arrays (kept alive).
 */
struct Decoder {
  StackArgs a;
  View wte, wpe, lnw, lnb, head;
  std::unique_ptr<BlockOperands[]> blocks;
  int64_t B = 0, C = 0, V = 0, P = 0;
  DType d = DType::F32;
  napi_env env = nullptr;
  std::vector<napi_ref> refs;
  bool released = false;
  explicit Decoder(Call& c) : a(c) {}
  Decoder(const Decoder&) = delete;
  ~Decoder() { release(); }
  /** Drops the references to the weights and caches (gptDecoderRelease, or the external's finalizer): no step runs after it. */
  void release() {
    for (napi_ref r : refs) napi_delete_reference(env, r);
    refs.clear();
    blocks.reset();
    wte = wpe = lnw = lnb = head = View{};
    released = true;
  }
};

/** The decoder's step on int32 ids (B, T) after `past` positions, into logits (B, T, V) and hidden (B, T, C). */
void runDecoder(const Decoder& dec, const View& ids, int64_t past, const View& logits, const View& hidden) {
  if (dec.released) throw std::runtime_error("lernwerk native: gptDecoderStep: the decoder was released (prepare a new one)");
  if (ids.ndim != 2 || ids.dtype != DType::I32) throw std::runtime_error("lernwerk native: gptDecoderStep: expected int32 ids (B, T)");
  const int64_t B = ids.shape[0], T = ids.shape[1], C = dec.C, V = dec.V;
  const DType d = dec.d;
  if (dec.a.hasCache && B != dec.B) throw std::runtime_error("lernwerk native: gptDecoderStep: the ids' batch differs from the caches'");
  denseOut(hidden, {B, T, C}, "gptDecoderStep hidden");
  denseOut(logits, {B, T, V}, "gptDecoderStep logits");
  if (logits.dtype != d || hidden.dtype != d) throw std::runtime_error("lernwerk native: gptDecoderStep: logits and hidden must have the weights' dtype");
  if (past < 0 || past + T > dec.P) throw std::runtime_error("lernwerk native: gptDecoderStep: positions past the position table");
  if (dec.a.hasCache && past + T > dec.blocks[0].kc.shape[2])
    throw std::runtime_error("lernwerk native: preNormBlockStep: the caches must be (B, H, capacity, C/H) of x's dtype with room for past + T positions");
  if (!dec.a.hasCache && past != 0) throw std::runtime_error("lernwerk native: preNormBlockStep: past positions need a cache");
  Scratch s{d, {}};
  View x = s.make({B, T, C}), y = s.make({B, T, C});
  dispatchDType(d, [&](auto tag) {
    using F = decltype(tag);
    if constexpr (std::is_floating_point_v<F>) {
      const int32_t* ip = ids.ptr<int32_t>() + ids.offset;
      F* xp = x.ptr<F>();
      for (int64_t b = 0; b < B; b++)
        for (int64_t t = 0; t < T; t++) {
          const int32_t id = ip[b * ids.strides[0] + t * ids.strides[1]];
          if (id < 0 || id >= V) throw RangeError("gptDecoderStep: token id " + std::to_string(id) + " is outside the vocabulary of " + std::to_string(V));
          const F* e = dec.wte.ptr<F>() + dec.wte.offset + id * dec.wte.strides[0];
          const F* p = dec.wpe.ptr<F>() + dec.wpe.offset + (past + t) * dec.wpe.strides[0];
          for (int64_t k = 0; k < C; k++) xp[(b * T + t) * C + k] = e[k * dec.wte.strides[1]] + p[k * dec.wpe.strides[1]];
        }
    }
  });
  StackArgs a = dec.a;
  a.past = past;
  runBlocks(x, dec.blocks.get(), a, y, s);
  layerNorm(y, dec.lnw.data ? &dec.lnw : nullptr, dec.lnb.data ? &dec.lnb : nullptr, C, a.eps, hidden);
  const int64_t rows[3] = {1, B * T, C}, outShape[3] = {1, B * T, V};
  View h3 = denseView(hidden.data, d, 3, rows), l3 = denseView(logits.data, d, 3, outShape);
  h3.length = hidden.length, l3.length = logits.length;
  matmul(h3, asBatch(dec.head, true), l3);
}

}  // namespace

// (meta, past, heads, eps, tanhGelu, present, hasCache, layers, out, x, then the layers as readBlocks): the blocks
// of a pre-norm stack run one after another in one call.
napi_value jsPreNormStackStep(napi_env env, napi_callback_info info) {
  Call c(env, info, 10);
  c.metaAt(0);
  const StackArgs a(c);
  View out = c.view(8, "block out"), x = c.view(9, "block x");
  if (x.ndim != 3) throw std::runtime_error("lernwerk native: preNormBlockStep: x must be (B, T, C)");
  const int64_t B = x.shape[0], T = x.shape[1], C = x.shape[2];
  const DType d = out.dtype;
  denseOut(out, {B, T, C}, "preNormBlockStep");
  denseOut(x, {B, T, C}, "preNormBlockStep x");
  if (x.dtype != d) throw std::runtime_error("lernwerk native: preNormBlockStep: x and out have different dtypes");
  size_t at = 10;
  const auto blocks = readBlocks(c, at, a, B, T, C, d);
  Scratch s{d, {}};
  runBlocks(x, blocks.get(), a, out, s);
  return undefined(env);
}

// (meta, batch, heads, eps, tanhGelu, present, hasCache, layers, wte (V, C), wpe (P, C), [ln_f weight,] [ln_f bias,]
// head (V, C), then the layers as readBlocks with caches of that batch): a GPT decoder prepared for gptDecoderRun,
// an external that holds references to every array; bits 8 and 9 of `present` flag ln_f's weight and bias.
napi_value jsGptDecoderPrepare(napi_env env, napi_callback_info info) {
  Call c(env, info, 11);
  c.metaAt(0);
  std::unique_ptr<Decoder> dec(new Decoder(c));
  dec->B = dec->a.past;  // this call's second number is the batch, not a past length
  dec->a.past = 0;
  dec->wte = c.view(8, "decoder wte"), dec->wpe = c.view(9, "decoder wpe");
  size_t at = 10;
  if (dec->a.present & (1 << 8)) dec->lnw = c.view(at++, "decoder ln_f weight");
  if (dec->a.present & (1 << 9)) dec->lnb = c.view(at++, "decoder ln_f bias");
  dec->head = c.view(at++, "decoder head");
  if (dec->wte.ndim != 2 || dec->wpe.ndim != 2) throw std::runtime_error("lernwerk native: gptDecoderStep: expected wte (V, C) and wpe (P, C)");
  const int64_t V = dec->wte.shape[0], C = dec->wte.shape[1], P = dec->wpe.shape[0];
  const DType d = dec->wte.dtype;
  if (d != DType::F32 && d != DType::F64) throw std::runtime_error("lernwerk native: gptDecoderStep: the weights must be float32 or float64");
  matrixOf(dec->wpe, P, C, d, "gptDecoderStep wpe");
  matrixOf(dec->head, V, C, d, "gptDecoderStep head");
  if (dec->lnw.data) denseRun(dec->lnw, C, d, "gptDecoderStep ln_f weight");
  if (dec->lnb.data) denseRun(dec->lnb, C, d, "gptDecoderStep ln_f bias");
  dec->blocks = readBlocks(c, at, dec->a, dec->B, 0, C, d);  // the caches' room for each step is checked when it runs
  dec->C = C, dec->V = V, dec->P = P, dec->d = d, dec->env = env;
  for (size_t i = 8; i < c.argc && i < at; i++) {
    napi_ref r;
    check(env, napi_create_reference(env, c.argv[i], 1, &r), "holding a decoder array");
    dec->refs.push_back(r);
  }
  napi_value external;
  check(env, napi_create_external(env, dec.get(), [](napi_env, void* p, void*) { delete static_cast<Decoder*>(p); }, nullptr, &external), "wrapping a decoder");
  dec.release();
  return external;
}

// (decoder, meta: logits (B, T, V), hidden (B, T, C), ids (B, T); past, logits, hidden, ids): one step of a
// prepared decoder, its caches written at `past`.
napi_value jsGptDecoderRun(napi_env env, napi_callback_info info) {
  Call c(env, info, 6);
  void* p = nullptr;
  check(env, napi_get_value_external(env, c.argv[0], &p), "reading the decoder");
  c.metaAt(1);
  const int64_t past = static_cast<int64_t>(c.num(2));
  const View logits = c.view(3, "decoder logits"), hidden = c.view(4, "decoder hidden"), ids = c.view(5, "decoder ids");
  runDecoder(*static_cast<Decoder*>(p), ids, past, logits, hidden);
  return undefined(env);
}

// (decoder): drops a prepared decoder's references to its weights and caches now, not when the garbage collector
// finalizes the external (a later turn of the event loop), so a synchronous loop of generations does not hold
// every generation's caches; later steps throw. Releasing twice is a no-op.
napi_value jsGptDecoderRelease(napi_env env, napi_callback_info info) {
  Call c(env, info, 1);
  void* p = nullptr;
  check(env, napi_get_value_external(env, c.argv[0], &p), "reading the decoder");
  static_cast<Decoder*>(p)->release();
  return undefined(env);
}

}  // namespace lw
